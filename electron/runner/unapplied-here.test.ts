import { afterEach, describe, expect, it, vi } from 'vitest';
import { planRun } from '../../shared/run/plan.ts';
import { importValohaiYaml } from '../../shared/valohai/import.ts';
import type { ContainerRuntime } from './exec/container.ts';
import { unappliedHere } from './unapplied-here.ts';

const podman: ContainerRuntime = { kind: 'podman', path: '/usr/bin/podman', version: '4.3.1' };
const machine = { cpus: 4, memoryMb: 8192, gpus: [] };

function saidFor(yaml: string, container: ContainerRuntime | null, env: Record<string, string> = { PATH: '/usr/bin' }): string[] {
  const planned = planRun(importValohaiYaml(yaml).config, 'p', { pipelineParams: {}, nodeParams: {} });
  if (!planned.ok) throw new Error(planned.problems.join('; '));
  return unappliedHere(planned.plan, machine, env, container).map(([, message]) => message);
}

const yaml = `- step:
    name: s
    image: python:3.12
    command:
      - apt-get install -y libgl1
      - pip install -r requirements.txt
      - python train.py --out /valohai/outputs/model.pt
    mounts: [{source: /nfs/share, destination: /data, type: nfs}]
- pipeline: {name: p, nodes: [{name: s, type: execution, step: s}], edges: []}
`;

describe('what a run here says it does not do as Valohai would', () => {
  afterEach(() => vi.restoreAllMocks());

  it('on this machine: the /valohai paths mapped, packages installed here, mounts not made', () => {
    const said = saidFor(yaml, null);
    expect(said).toEqual([
      expect.stringContaining('its mounts (/nfs/share → /data) are not made here'),
      expect.stringContaining('a run here has no /valohai'),
      expect.stringContaining('runs pip install, which here installs into this machine'),
      expect.stringContaining("runs apt-get install, which on Valohai changes the step's container"),
    ]);
  });

  it("says nothing of a pip install into the command's own environment, or into a folder (output-metadata-example's uv venv)", () => {
    const installs = (...lines: string[]): boolean => saidFor(yaml.replace('      - pip install -r requirements.txt\n', lines.map((l) => `      - ${l}\n`).join('')), null).some((m) => m.includes('runs pip install'));
    expect(installs('uv venv', '. .venv/bin/activate', 'uv pip install -r requirements.txt')).toBe(false);
    expect(installs('python3 -m venv /tmp/env && /tmp/env/bin/pip install numpy')).toBe(false);
    expect(installs('pip install --target /tmp/deps numpy')).toBe(false);
    expect(installs('uv pip install -r requirements.txt')).toBe(false);
    // These reach this machine's Python.
    expect(installs('uv pip install --system numpy')).toBe(true);
    expect(installs('pip3 install numpy', 'python3 -m venv .venv')).toBe(true);
    expect(installs('pip install --user numpy')).toBe(true);
  });

  it('says /valohai/repository is the project itself, where what a command writes stays', () => {
    const unzip = yaml.replace('      - apt-get install -y libgl1\n', '      - unzip -q data.zip -d /valohai/repository/training_data\n');
    expect(saidFor(unzip, null).filter((m) => m.includes('/valohai'))).toEqual([
      'node "s": its command, parameters or environment variables name /valohai/repository, /valohai/outputs; a run here has no /valohai, so each execution\'s own folder is used in its place ($VH_OUTPUTS_DIR names it); and /valohai/repository is this project folder ($VH_REPOSITORY_DIR), where on Valohai it is a fresh copy of the code for each execution: what a command writes there stays in your project',
    ]);
    const reads = yaml.replace('python train.py --out /valohai/outputs/model.pt', 'python /valohai/repository/train.py');
    expect(saidFor(reads, null).filter((m) => m.includes('/valohai'))).toEqual([expect.stringMatching(/name \/valohai\/repository; a run here has no \/valohai, so \/valohai\/repository is this project folder/)]);
  });

  it("names a program or script of the step's image this machine lacks, and says nothing of one in its image or on this machine", () => {
    const image = `- step:
    name: s
    image: valohai/nimue:0.3.1
    command:
      - cd /tmp && /opt/nimue/entry.sh --x
      - python /nimue/main.py {parameters}
      - /bin/echo done; python3 train.py
- pipeline: {name: p, nodes: [{name: s, type: execution, step: s}], edges: []}
`;
    expect(saidFor(image, null)).toEqual(['node "s": its command runs /opt/nimue/entry.sh, /nimue/main.py, which this machine does not have (the step\'s image valohai/nimue:0.3.1 likely does): pipewright run --container runs it there']);
    expect(saidFor(image, podman)).toEqual([]);
  });

  it('in its image: only what a container here cannot do (an NFS mount; apt-get as a user)', () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    expect(saidFor(yaml, podman)).toEqual([
      'node "s": its mounts /nfs/share → /data are not made: a container here binds in only folders this machine has (an absolute path that exists, no type or type bind)',
      'node "s": its command runs apt-get install, which needs root; in its container here it runs as your user (so the files it writes are yours), so that fails: put those packages in the image',
    ]);
    vi.spyOn(process, 'getuid').mockReturnValue(0);
    expect(saidFor(yaml, podman)).toHaveLength(1);
  });

  it("names the variables a command reads that nothing here sets (redshiftsample's psql -h $redshift_host …), and not those something does", () => {
    const psql = `- step:
    name: s
    image: postgres:16
    command:
      - psql -h $redshift_host -U "\${redshift_user}" -p \${redshift_port:-5439} -c 'select $not_expanded' -o $VH_OUTPUTS_DIR/out.csv
      - export MODE=fast && echo $MODE $TOKEN
    environment-variables:
      - {name: TOKEN, default: x}
- pipeline: {name: p, nodes: [{name: s, type: execution, step: s}], edges: []}
`;
    expect(saidFor(psql, null)).toEqual([
      'node "s": its command reads $redshift_host, $redshift_user, which nothing here sets (no step variable, nor this shell, nor the project\'s .env), so they are empty: on Valohai such names come from the project\'s environment variables or the image; give them for a run (--env redshift_host=…, or in Run with…) or in the project\'s .env (redshift_host=…, kept out of git)',
    ]);
    // Given by this shell (or the project's .env, which the run's environment holds): nothing said.
    expect(saidFor(psql, null, { PATH: '/usr/bin', redshift_host: 'db', redshift_user: 'me' })).toEqual([]);
    // In its image, the image may set them: nothing said.
    expect(saidFor(psql, podman)).toEqual([]);
  });
});
