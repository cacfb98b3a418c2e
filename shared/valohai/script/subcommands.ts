/**
 * A script of several commands (`python3 main.py train --lr=0.1`): argparse's subparsers
 * (`t = sub.add_parser("train")`, then `t.add_argument(...)`), a click group's commands
 * (`@cli.command()`) and a typer app's (`@app.command()`). Which options belong to which command,
 * so that a step whose command names one (`python3 main.py train {parameters}`) is offered that
 * command's options, which come after its name; the script's own (given before the name) are not.
 */
import { calleeEnd, type Call } from './python-calls.ts';
import type { PythonFunction } from './python-functions.ts';


export interface Subcommands {
  readonly library: 'argparse' | 'click' | 'typer';
  /** Each command's name as the command line gives it, in the order written. */
  readonly names: readonly string[];
  /** The command an option call declares an option of; undefined for the script's own (given before the command). */
  ownerOf(call: Call): string | undefined;
  /** The function a typer or click command runs. */
  functionOf(name: string): PythonFunction | undefined;
}

/** A command's name from its decorator (`@app.command("fit")`, `name="fit"`) or its function's, `_` as `-` (click and typer both). */
function commandName(fn: PythonFunction, decorator: PythonFunction['decorators'][number]): string {
  const given = decorator.args.find((a) => a.keyword === 'name') ?? decorator.args.find((a) => a.keyword === undefined);
  return given?.value.kind === 'string' ? given.value.value : fn.name.replaceAll('_', '-');
}

export function subcommandsOf(source: string, functions: readonly PythonFunction[]): Subcommands | undefined {
  // argparse: the variables its subparsers are kept in.
  const parsers = new Map<string, string>();
  for (const match of source.matchAll(/^[ \t]*([A-Za-z_]\w*)\s*=\s*[\w.]+\.add_parser\(\s*(?:name\s*=\s*)?['"]([^'"\n]+)['"]/gm)) parsers.set(match[1] as string, match[2] as string);
  if (parsers.size > 0) {
    return {
      library: 'argparse',
      names: [...new Set(parsers.values())],
      ownerOf: (call) => parsers.get(call.callee.slice(0, call.callee.lastIndexOf('.'))),
      functionOf: () => undefined,
    };
  }
  // click and typer: the functions a group's or an app's `.command` decorator makes commands of.
  const typer = /\bTyper\s*\(/.test(source);
  const click = /\bclick\b/.test(source) && /\.group\s*\(|\bgroup\s*\(/.test(source);
  if (!typer && !click) return undefined;
  const commands: { name: string; fn: PythonFunction; decorators: readonly number[] }[] = [];
  for (const fn of functions) {
    const decorator = fn.decorators.find((d) => calleeEnd(d.callee) === 'command' && d.callee.includes('.') && !d.callee.startsWith('click.'));
    if (decorator !== undefined) commands.push({ name: commandName(fn, decorator), fn, decorators: fn.decorators.map((d) => d.line) });
  }
  if (commands.length < 2 && typer) return undefined; // an app of one command runs it without its name
  if (commands.length === 0) return undefined;
  return {
    library: typer ? 'typer' : 'click',
    names: commands.map((c) => c.name),
    // (A click option decorates the command below it: its line is one of that function's decorators'.)
    ownerOf: (call) => commands.find((c) => c.decorators.includes(call.line))?.name,
    functionOf: (name) => commands.find((c) => c.name === name)?.fn,
  };
}
