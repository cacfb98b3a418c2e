/**
 * Commands built exactly as upstream `Step.build_command` builds them: `{parameters}`/`{params}`,
 * `{parameter:NAME}`, `{parameter-value:NAME}`, `{source-path}`; pass-as templates, flags,
 * `multiple` repeat/separate; every argument shell-quoted; unknown `{...}` left as written.
 */
import type { Parameter, ParameterValue } from '../valohai/model/parameter.ts';
import { pythonStr, shellQuote } from './python-format.ts';
import { walkQuotes } from './shell-quotes.ts';

export type ParameterValues = Readonly<Record<string, ParameterValue | undefined>>;

function listify(value: ParameterValue | undefined): ParameterValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...(value as ParameterValue[])] : [value];
}

function template(parameter: Parameter, value: ParameterValue | undefined): string | undefined {
  if (parameter.type === 'flag') {
    if (parameter.passTrueAs !== undefined || parameter.passFalseAs !== undefined) {
      return (value ? parameter.passTrueAs : parameter.passFalseAs) || undefined;
    }
    if (!value) return undefined;
  }
  if (value === undefined || value === null) return undefined;
  return parameter.passAs || (parameter.type === 'flag' ? '--{name}' : '--{name}={value}');
}

/** The unquoted arguments one parameter contributes, or undefined when it contributes none. */
export function formatParameter(parameter: Parameter, value: ParameterValue | undefined): string[] | undefined {
  const pattern = template(parameter, value);
  if (!pattern) return undefined;
  const bits = pattern.split(/\s+/).filter((b) => b !== '');
  const fill = (atom: string): string[] =>
    bits.map((bit) => bit.replace(/\{(name|value|v)\}/g, (_m, key: string) => (key === 'name' ? parameter.name : atom)));
  const type = parameter.type;
  const multiple = parameter.type === 'flag' ? 'none' : parameter.multiple;
  if (multiple === 'repeat') return listify(value).flatMap((atom) => fill(pythonStr(atom, type)));
  if (multiple === 'separate') {
    const atoms = listify(value);
    if (atoms.length === 0) return undefined;
    const separator = parameter.type === 'flag' ? ',' : (parameter.multipleSeparator ?? ',');
    return fill(atoms.map((atom) => pythonStr(atom, type)).join(separator));
  }
  return fill(pythonStr(value as ParameterValue, type));
}

const quoteAll = (args: readonly string[] | undefined): string => (args ?? []).map(shellQuote).join(' ');

export interface CommandSource {
  readonly command: readonly string[];
  readonly parameters: readonly Parameter[];
  readonly sourcePath?: string;
}

/**
 * Values = non-flag defaults overlaid with the given values (flag defaults apply only when the
 * caller passes them: upstream ignores them, and the plan's `stepValues` supplies them).
 */
export function buildCommand(step: CommandSource, values: ParameterValues): string[] {
  const merged: Record<string, ParameterValue | undefined> = {};
  for (const p of step.parameters) {
    if (p.type !== 'flag' && p.default !== undefined && p.default !== null) merged[p.name] = p.default;
  }
  for (const [name, value] of Object.entries(values)) if (value !== undefined) merged[name] = value;
  const byName = new Map(step.parameters.map((p) => [p.name, p]));
  return step.command.map((line) =>
    line
      .replace(/\{(.+?)\}/g, (match, token: string) => {
        if (token === 'source-path' && step.sourcePath !== undefined) return shellQuote(step.sourcePath);
        if (token === 'parameters' || token === 'params') {
          return quoteAll(step.parameters.flatMap((p) => formatParameter(p, merged[p.name]) ?? []));
        }
        if (token.startsWith('parameter:')) {
          const parameter = byName.get(token.slice('parameter:'.length));
          if (parameter) return quoteAll(formatParameter(parameter, merged[parameter.name]));
        }
        if (token.startsWith('parameter-value:')) {
          const name = token.slice('parameter-value:'.length);
          const value = merged[name];
          if (name in merged && value !== undefined) return shellQuote(pythonStr(value, byName.get(name)?.type));
        }
        return match;
      })
      .trim(),
  );
}

/**
 * The list joined as Valohai's local runner joins it: with ` && `. A command that ends by sending
 * itself to the background (`nohup python watch.py &`, as Valohai's own examples do) or in a
 * comment (`python train.py  # the long one`) would break that join (a syntax error; the commands
 * after it swallowed by the comment), so it alone is grouped, `{ COMMAND⏎}`, which runs it the
 * same and lets the next one follow. A shell compound statement written one line per item, as
 * files written for Valohai do (`if [ -d x ]; then`, `echo yes`, `fi`; `for f in *.zip; do` …
 * `done`), is joined by newlines where `&&` cannot stand: after an item that opens a body (ends
 * in `then`, `do`, `else`, `|`, `&&`, `||`; is `{` or a function's `name() {`) and before one that closes or continues it
 * (starts with `fi`, `done`, `else`, `elif`, `then`, `do`, `esac`, `}`).
 */
export function joinCommand(commands: readonly string[]): string {
  const items = commands.filter((c) => c !== '');
  let joined = '';
  items.forEach((c, i) => {
    const previous = items[i - 1];
    if (previous !== undefined) joined += opensBody(previous) || continuesBody(c) ? '\n' : ' && ';
    joined += breaksJoin(c) && !opensBody(c) ? `{ ${c}\n}` : c;
  });
  return joined;
}

function opensBody(command: string): boolean {
  return /(^|[\s;])(then|do|else)\s*$/.test(command) || /(^\s*|\)\s*)\{\s*$/.test(command) || /(\||&&)\s*$/.test(command);
}

function continuesBody(command: string): boolean {
  return /^\s*(fi|done|else|elif|then|do|esac|\})(\s|;|$)/.test(command);
}

/** Ends in a lone `&`, or has a `#` comment outside quotes on its last line. */
function breaksJoin(command: string): boolean {
  if (/(^|[^&])&\s*$/.test(command)) return true;
  const last = command.slice(command.lastIndexOf('\n') + 1);
  return walkQuotes(last, (i, quote) => quote === undefined && last[i] === '#' && (i === 0 || /\s/.test(last[i - 1] ?? ''))) >= 0;
}

/**
 * How a built command runs: through `/bin/sh -c`, or, when it starts with a `#!` line, as a
 * script of its own lines run by that interpreter (so bashisms under `#!/bin/bash` work).
 */
export type Runnable = { readonly kind: 'shell'; readonly command: string } | { readonly kind: 'script'; readonly script: string };

export function toRunnable(commands: readonly string[]): Runnable {
  const first = commands[0] ?? '';
  if (first.startsWith('#!')) return { kind: 'script', script: `${commands.join('\n')}\n` };
  return { kind: 'shell', command: joinCommand(commands) };
}
