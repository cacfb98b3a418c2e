import { describe, expect, it } from 'vitest';
import { pythonFunctions } from './python-functions.ts';
import { scriptOutline } from './script-outline.ts';

describe("a typer or fire script's options, read from the function it runs", () => {
  it('reads typer.run(main): options named as typer names them, positionals, flags both ways, required, repeated, help', () => {
    const outline = scriptOutline(`from typing import Optional, List
from pathlib import Path
import typer

def main(
    data_dir: Path,
    epochs: int = 10,
    learning_rate: float = typer.Option(0.01, help="step size"),
    name: str = typer.Option("run", "--run-name", "-n", help="what to call it"),
    verbose: bool = False,
    force: bool = typer.Option(False, "--force"),
    seed: Optional[int] = None,
    tags: List[str] = typer.Option([], "--tag"),
    out: str = typer.Argument("out"),
    model: str = typer.Option(..., help="required"),
    limit: int | None = None,
    pair: tuple[int, int] = (1, 2),
):
    ...

if __name__ == "__main__":
    typer.run(main)
`);
    expect(outline.parameters).toEqual([
      { name: 'data_dir', type: 'string', 'pass-as': '{v}' },
      { name: 'epochs', type: 'integer', default: 10 },
      { name: 'learning-rate', type: 'float', default: 0.01, description: 'step size' },
      { name: 'run-name', type: 'string', default: 'run', description: 'what to call it' },
      { name: 'verbose', type: 'flag', default: false, 'pass-true-as': '--verbose', 'pass-false-as': '--no-verbose' },
      { name: 'force', type: 'flag', default: false, 'pass-true-as': '--force' },
      { name: 'seed', type: 'integer', optional: true },
      { name: 'tag', type: 'string', optional: true, multiple: 'repeat' },
      { name: 'out', type: 'string', default: 'out', 'pass-as': '{v}' },
      { name: 'model', type: 'string', description: 'required' },
      { name: 'limit', type: 'integer', optional: true },
    ]);
    expect(outline.notes).toEqual(['line 17: pair is left out: its type tuple[…] takes several values in one option']);
    expect(outline.accepts).toEqual({
      parser: 'typer',
      options: ['--epochs', '--learning-rate', '--run-name', '-n', '--verbose', '--no-verbose', '--force', '--seed', '--tag', '--model', '--limit', '--pair', '--help', '--install-completion', '--show-completion'],
    });
  });

  it("reads typer's Annotated form and an app's one command; of an app of several, the command named", () => {
    const app = (commands: string): string => `import typer
from typing_extensions import Annotated
app = typer.Typer()
${commands}
if __name__ == "__main__":
    app()
`;
    const one = scriptOutline(app(`@app.command()
def fit(ctx: typer.Context, steps: Annotated[int, typer.Option("--num-steps", "-s", help="how many")] = 5, dry_run: Annotated[bool, typer.Option("--dry-run/--for-real")] = True, path: Annotated[str, typer.Argument()] = "data"):
    pass
`));
    expect(one.parameters).toEqual([
      { name: 'num-steps', type: 'integer', default: 5, description: 'how many' },
      { name: 'dry-run', type: 'flag', default: true, 'pass-true-as': '--dry-run', 'pass-false-as': '--for-real' },
      { name: 'path', type: 'string', default: 'data', 'pass-as': '{v}' },
    ]);
    expect(one.notes).toEqual([]); // (its context is typer's own)
    expect(one.accepts?.options).toEqual(['--num-steps', '-s', '--dry-run', '--for-real', '--help', '--install-completion', '--show-completion']);
    const two = app('@app.command()\ndef fit(steps: int = 5): ...\n@app.command("serve-it")\ndef serve(port: int = 80): ...\n');
    expect([scriptOutline(two).parameters, scriptOutline(two).commands]).toEqual([[], ['fit', 'serve-it']]);
    expect(scriptOutline(two).notes).toEqual(["it has commands (fit, serve-it): name one after the script in the step's command (fit {parameters}) to be offered its options"]);
    expect(scriptOutline(two, undefined, 'serve-it').parameters).toEqual([{ name: 'port', type: 'integer', default: 80 }]);
  });

  it('reads fire.Fire(fn): every parameter as --name=value, a bool as --name/--noname, a list as the literal fire reads', () => {
    const outline = scriptOutline(`import fire

def train(data, epochs: int = 10, lr=1e-3, use_amp=False, sizes=[64, 32], cfg={"a": 1}, note: str = None, *args, **kwargs):
    """Train."""

class Trainer:
    def train(self, steps=3): ...

if __name__ == "__main__":
    fire.Fire(train)
`);
    expect(outline.parameters).toEqual([
      { name: 'data', type: 'string' },
      { name: 'epochs', type: 'integer', default: 10 },
      { name: 'lr', type: 'float', default: 0.001 },
      { name: 'use_amp', type: 'flag', default: false, 'pass-true-as': '--use_amp', 'pass-false-as': '--nouse_amp' },
      { name: 'sizes', type: 'string', default: '[64,32]' },
      { name: 'note', type: 'string', optional: true },
    ]);
    expect(outline.notes).toEqual(['line 3: cfg is left out: its default is a dict']);
    // (Its **kwargs takes any option: none is refused.)
    expect(outline.accepts).toBeUndefined();
    expect(scriptOutline('import fire\ndef fit(learning_rate=0.1, amp=False): ...\nfire.Fire(fit)\n').accepts).toEqual({
      parser: 'fire',
      options: ['--learning_rate', '--learning-rate', '--amp', '--noamp', '--help', '-h'],
    });
    expect(scriptOutline('import fire\nclass T:\n    def go(self, n=1): ...\nfire.Fire(T)\n').notes).toEqual(['line 4: fire.Fire(T) is not read: only a function of this script is']);
    expect(scriptOutline('import fire\nfire.Fire()\n').notes).toEqual(['line 2: fire.Fire() is not read: only a function of this script is']);
  });
});

describe("a script's function signatures", () => {
  it('reads parameters with their kinds, annotations and defaults, and the decorators above', () => {
    const [fn] = pythonFunctions(`@app.command(name="go")
async def run(a, /, b: "int" = 2, *args: str, c: dict[str, list[int]] = {}, d=-1.5, **kw) -> None:
    pass
`);
    expect(fn?.name).toBe('run');
    expect(fn?.decorators).toEqual([{ callee: 'app.command', args: [{ keyword: 'name', value: { kind: 'string', value: 'go' } }], line: 1 }]);
    expect(fn?.parameters.map((p) => [p.name, p.kind, p.annotation?.kind === 'type' ? p.annotation.name : undefined, p.default?.kind])).toEqual([
      ['a', 'positional', undefined, undefined],
      ['b', 'positional', 'int', 'number'],
      ['args', 'args', 'str', undefined],
      ['c', 'keyword-only', 'dict', 'dict'],
      ['d', 'keyword-only', undefined, 'number'],
      ['kw', 'kwargs', undefined, undefined],
    ]);
  });

  it('reads what it can of broken or unfinished text, and ends', () => {
    for (const text of ['def f(a, b', 'def f(a]: pass\ndef g(x=1): pass', 'def f(*, ): ...', 'def (x): ...', 'def f(a: Optional[ = 1): ...', '@\ndef f(x): ...']) {
      expect(() => pythonFunctions(text)).not.toThrow();
    }
    expect(pythonFunctions('def f(a]: pass\n').map((f) => f.name)).toEqual(['f']);
  });
});
