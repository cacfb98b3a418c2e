import { describe, expect, it } from 'vitest';
import type { ConfigFiles } from './hydra-config.ts';
import { scriptOutline } from './script-outline.ts';

const APP = (decorator = '@hydra.main(version_base=None, config_path="conf", config_name="config")') => `import hydra
from omegaconf import DictConfig

${decorator}
def main(cfg: DictConfig) -> None:
    print(cfg)

if __name__ == "__main__":
    main()
`;

const CONFIG = `defaults:
  - db: mysql
  - optional logger: null
  - override hydra/launcher: basic
  - base
  - _self_
seed: 42
trainer:
  max_epochs: 10
  lr: 1.0e-3
  scale: 1.0
  precision: "16"
  fast_dev_run: false
  devices: [0, 1]
run_name: ???
out_dir: \${hydra:runtime.cwd}/out
note: null
_target_: x.Y
hydra:
  run:
    dir: outputs
`;

/** Files as a folder would hold them, by path from the script's folder. */
function folder(files: Record<string, string>): ConfigFiles & { read: ConfigFiles['read'] } {
  return {
    read: (path) => files[path],
    list: (dir) => {
      const names = Object.keys(files).filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1)).filter((f) => !f.includes('/'));
      return names.length > 0 ? names : undefined;
    },
  };
}

describe("a Hydra app's options, read from its config", () => {
  it('offers each value of the primary config by its dotted path, and each config group with its options', () => {
    const outline = scriptOutline(APP(), folder({ 'conf/config.yaml': CONFIG, 'conf/db/mysql.yaml': '', 'conf/db/postgresql.yaml': '', 'conf/db/notes.txt': '' }));
    expect(outline.parameters).toEqual([
      { name: 'db', type: 'string', default: 'mysql', choices: ['mysql', 'postgresql'], 'pass-as': 'db={v}', description: "the db config group's option (conf/db/NAME.yaml)" },
      { name: 'logger', type: 'string', optional: true, 'pass-as': 'logger={v}', description: "the logger config group's option (conf/logger/NAME.yaml)" },
      { name: 'seed', type: 'integer', default: 42, 'pass-as': 'seed={v}' },
      { name: 'trainer.max_epochs', type: 'integer', default: 10, 'pass-as': 'trainer.max_epochs={v}' },
      { name: 'trainer.lr', type: 'float', default: 0.001, 'pass-as': 'trainer.lr={v}' },
      { name: 'trainer.scale', type: 'float', default: 1, 'pass-as': 'trainer.scale={v}' },
      // A string quoted, so that Hydra reads "16" as text and `a:b,c` as one value.
      { name: 'trainer.precision', type: 'string', default: '16', 'pass-as': "trainer.precision='{v}'" },
      { name: 'trainer.fast_dev_run', type: 'flag', default: false, 'pass-true-as': 'trainer.fast_dev_run=true', 'pass-false-as': 'trainer.fast_dev_run=false' },
      { name: 'trainer.devices', type: 'string', default: '[0,1]', 'pass-as': 'trainer.devices={v}' },
      { name: 'run_name', type: 'string', 'pass-as': "run_name='{v}'", description: 'required by the config (???)' },
      { name: 'note', type: 'string', optional: true, 'pass-as': "note='{v}'" },
    ]);
    expect(outline.notes).toEqual([
      'conf/config.yaml: out_dir is left out: its value ${hydra:runtime.cwd}/out is an interpolation Hydra resolves',
      'conf/config.yaml: _target_ (keys Hydra reads itself) left out',
    ]);
  });

  it("quotes a string holding a ' with the other quote, which Hydra takes as well", () => {
    const outline = scriptOutline(APP(), folder({ 'conf/config.yaml': 'greeting: "it\'s on"\nplain: hello\n' }));
    expect(outline.parameters).toEqual([
      { name: 'greeting', type: 'string', default: "it's on", 'pass-as': 'greeting="{v}"' },
      { name: 'plain', type: 'string', default: 'hello', 'pass-as': "plain='{v}'" },
    ]);
  });

  it('reads a map merged in (<<: *base) under each key, its own keys winning, and an alias as what it names; a list of a group\'s configs is said', () => {
    const config = 'defaults:\n  - db: [a, b]\nbase: &base {lr: 0.1, n: 2}\nmodel:\n  <<: *base\n  n: 5\ncopy: *base\n';
    const outline = scriptOutline(APP(), folder({ 'conf/config.yaml': config }));
    expect(outline.parameters.map((p) => `${p.name}=${String(p.default)}`)).toEqual(['base.lr=0.1', 'base.n=2', 'model.lr=0.1', 'model.n=5', 'copy.lr=0.1', 'copy.n=2']);
    expect(outline.notes).toEqual(['conf/config.yaml: the db config group takes a list of its configs here, left out (a list is not one value to choose)']);
  });

  it('finds the config by position, beside the script, or says why it reads none', () => {
    const beside = scriptOutline(APP('@hydra.main("conf", "train")'), folder({ 'conf/train.yaml': 'epochs: 3\n' }));
    expect(beside.parameters).toEqual([{ name: 'epochs', type: 'integer', default: 3, 'pass-as': 'epochs={v}' }]);
    expect(scriptOutline(APP('@hydra.main(config_name="train.yaml")'), folder({ 'train.yaml': 'lr: 0.5\n' })).parameters).toEqual([{ name: 'lr', type: 'float', default: 0.5, 'pass-as': 'lr={v}' }]);
    expect(scriptOutline(APP(), folder({})).notes).toEqual(['conf/config.yaml, the Hydra config the script names, is not in the project: its options are not read']);
    expect(scriptOutline(APP(), folder({ 'conf/config.yaml': '- a\n- b\n' })).notes).toEqual(['conf/config.yaml is not a YAML map: its options are not read']);
    expect(scriptOutline(APP('@hydra.main(config_path="pkg://my_app.conf", config_name="c")'), folder({})).notes).toEqual(["line 4: hydra.main's config_path pkg://my_app.conf is outside the project, so its options are not read"]);
    expect(scriptOutline(APP('@hydra.main(version_base=None, config_path=CONF, config_name="c")'), folder({})).notes).toEqual([
      'line 4: hydra.main\'s config is not a file named in the script (config_name="...", config_path="..."), so its options are not read',
    ]);
    // Without the files beside it (the run's warning reads none), only the script.
    expect(scriptOutline(APP()).parameters).toEqual([]);
  });
});
