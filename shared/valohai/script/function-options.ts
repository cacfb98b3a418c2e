/**
 * Options a script takes through a function's signature: typer (`typer.run(main)`, or the one
 * `@app.command()` of a `typer.Typer()` app) and Python Fire (`fire.Fire(main)`). Each parameter
 * becomes what Valohai passes so that the library reads it as the script means:
 *
 * - typer: `learning_rate: float = 0.01` is the option `--learning-rate` (parameter
 *   `learning-rate`); a parameter without a default, or a `typer.Argument`, a positional
 *   (`pass-as: '{v}'`); a `bool` the flag `--x/--no-x`; `typer.Option(default, "--lr", "-l",
 *   help=...)` or `Annotated[float, typer.Option("--lr")] = 0.01` their names, default and help;
 *   `...` required; `Optional[int] = None` optional; `list[int]` repeated.
 * - fire: every parameter as `--name=value` (fire takes that form for positional ones too), a
 *   `bool` the flag `--name` / `--noname`, a list default the Python literal fire reads.
 */
import type { Argument, Literal, Token } from './python-calls.ts';
import { calleeEnd, keywordArg, pythonCalls } from './python-calls.ts';
import type { Annotation, FunctionParameter, PythonFunction } from './python-functions.ts';
import { describedBy, ITEM_NAME as NAME, plain, typedDefault } from './script-literals.ts';
import type { ScriptParameter } from './script-outline.ts';
import type { Accepts } from './step-gaps.ts';


/** What a signature's annotation says: the type, whether None is taken, whether it repeats; and typer's Option/Argument in an Annotated[...]. */
interface Typed {
  readonly type: ScriptParameter['type'] | undefined;
  readonly optional: boolean;
  readonly repeated: boolean;
  /** A tuple or another type no Valohai parameter writes. */
  readonly unwritable: string | undefined;
  /** typer's (or click's) Context: the command's own, no option. */
  readonly context: boolean;
  readonly info: { readonly callee: string; readonly args: readonly Argument[] } | undefined;
}

function typed(annotation: Annotation | undefined): Typed {
  const none: Typed = { type: undefined, optional: false, repeated: false, unwritable: undefined, context: false, info: undefined };
  if (annotation === undefined || annotation.kind !== 'type') return none;
  const name = calleeEnd(annotation.name);
  if (name === 'Annotated') {
    const [inner, ...extras] = annotation.args;
    const call = extras.map((e) => (e.kind === 'value' && e.value.kind === 'call' ? e.value : undefined)).find((c) => c !== undefined && ['Option', 'Argument'].includes(calleeEnd(c.callee)));
    return { ...typed(inner), info: call };
  }
  if (name === 'Optional') return { ...typed(annotation.args[0]), optional: true };
  if (name === 'Union') {
    const kept = annotation.args.filter((a) => !(a.kind === 'type' && a.name === 'None'));
    const optional = kept.length < annotation.args.length;
    return kept.length === 1 ? { ...typed(kept[0]), optional } : { ...none, optional, type: 'string' };
  }
  if (['List', 'list', 'Sequence', 'Set', 'set'].includes(name)) return { ...typed(annotation.args[0]), repeated: true };
  if (['Tuple', 'tuple', 'Dict', 'dict'].includes(name)) return { ...none, unwritable: `its type ${annotation.name}[…] takes several values in one option` };
  if (name === 'Context') return { ...none, context: true };
  const type = name === 'int' ? 'integer' : name === 'float' ? 'float' : name === 'bool' ? 'flag' : 'string';
  return { ...none, type };
}

/** A literal's own type, where the annotation gives none. */
function typeOfValue(value: Literal | undefined): ScriptParameter['type'] {
  if (value?.kind === 'number') return value.integer ? 'integer' : 'float';
  if (value?.kind === 'bool') return 'flag';
  return 'string';
}


/** A typer parameter as typer reads it: its annotation, its Option/Argument (in its default, old style, or its Annotated[...]), the names given it, its default, whether it is positional. */
function typerRead(p: FunctionParameter) {
  const annotated = typed(p.annotation);
  // Old style: `x: int = typer.Option(10, "--x")` (its default first); new: `Annotated[int, typer.Option("--x")] = 10`.
  const inDefault = p.default?.kind === 'call' && ['Option', 'Argument'].includes(calleeEnd(p.default.callee)) ? p.default : undefined;
  const info = inDefault ?? annotated.info;
  const isDecl = (a: Argument): boolean => a.keyword === undefined && a.value.kind === 'string' && a.value.value.startsWith('-');
  const decls = (info?.args ?? []).filter(isDecl).map((a) => (a.value as { value: string }).value);
  const given = inDefault !== undefined ? (keywordArg(inDefault.args, 'default') ?? inDefault.args.find((a) => a.keyword === undefined && !isDecl(a))?.value) : p.default;
  const argument = info !== undefined ? calleeEnd(info.callee) === 'Argument' : given === undefined;
  return { annotated, info, decls, given, argument, type: annotated.type ?? typeOfValue(given) };
}

function typerParameter(p: FunctionParameter, notes: string[]): ScriptParameter | undefined {
  const left = (why: string): undefined => void notes.push(`line ${p.line}: ${p.name} is left out: ${why}`);
  const { annotated, info, decls, given, argument, type } = typerRead(p);
  if (annotated.context) return undefined; // typer's own (ctx: typer.Context), no option
  if (annotated.unwritable !== undefined) return left(annotated.unwritable);
  const required = given === undefined || (given.kind === 'name' && given.name === 'Ellipsis');
  const description = describedBy(info?.args);
  if (argument) {
    if (type === 'flag') return left('a yes/no positional argument has no Valohai form');
    if (!NAME.test(p.name)) return left(`"${p.name}" is not a name Valohai takes for a parameter`);
    const value = annotated.repeated || required ? undefined : typedDefault(type, given);
    return { name: p.name, type, ...(value !== undefined ? { default: value } : {}), ...(!required && value === undefined ? { optional: true } : {}), ...(annotated.repeated ? { multiple: 'repeat' } : {}), 'pass-as': '{v}', ...description };
  }
  const long = decls.find((d) => d.startsWith('--'));
  const short = decls.find((d) => /^-[^-]/.test(d));
  const both = long?.includes('/') ? long.split('/').map((d) => d.trim()) : undefined;
  const option = both?.[0] ?? long ?? short ?? `--${p.name.replaceAll('_', '-')}`;
  const name = option.replace(/^-+/, '');
  if (!NAME.test(name)) return left(`"${name}" is not a name Valohai takes for a parameter`);
  if (type === 'flag') {
    const on = given?.kind === 'bool' ? given.value : false;
    // typer makes a bool `--x/--no-x`, unless its one name is given alone (`typer.Option(False, "--force")`).
    const off = both?.[1] ?? (long === undefined && short === undefined ? `--no-${name}` : undefined);
    return { name, type: 'flag', default: on, 'pass-true-as': option, ...(off !== undefined ? { 'pass-false-as': off } : {}), ...description };
  }
  const value = annotated.repeated || required ? undefined : typedDefault(type, given);
  if (!required && value === undefined && given !== undefined && given.kind !== 'none' && !annotated.repeated) notes.push(`line ${p.line}: ${option}: its default is not a plain ${type} value, so the step gives none (the script's own applies when none is passed)`);
  const optional = !required && value === undefined;
  return {
    name,
    type,
    ...(value !== undefined ? { default: value } : {}),
    ...(optional ? { optional: true } : {}),
    ...(annotated.repeated ? { multiple: 'repeat' } : {}),
    ...(option !== `--${name}` ? { 'pass-as': `${option} {v}` } : {}),
    ...description,
  };
}

function fireParameter(p: FunctionParameter, notes: string[]): ScriptParameter | undefined {
  const left = (why: string): undefined => void notes.push(`line ${p.line}: ${p.name} is left out: ${why}`);
  if (!NAME.test(p.name)) return left(`"${p.name}" is not a name Valohai takes for a parameter`);
  const annotated = typed(p.annotation);
  const given = p.default;
  const required = given === undefined;
  const type = annotated.type ?? (annotated.repeated ? 'string' : typeOfValue(given));
  if (type === 'flag') return { name: p.name, type: 'flag', default: given?.kind === 'bool' ? given.value : false, 'pass-true-as': `--${p.name}`, 'pass-false-as': `--no${p.name}` };
  // fire reads a value as a Python literal: a list goes as its text, `[1, 2]`.
  const list = given?.kind === 'list' ? plain(given) : undefined;
  if (given?.kind === 'list' && list === undefined) return left('its default is a list of more than plain values');
  if (given?.kind === 'dict') return left('its default is a dict');
  const value = Array.isArray(list) ? JSON.stringify(list) : required ? undefined : typedDefault(annotated.repeated ? 'string' : type, given);
  const optional = !required && value === undefined;
  return { name: p.name, type: Array.isArray(list) || annotated.repeated ? 'string' : type, ...(value !== undefined ? { default: value } : {}), ...(optional ? { optional: true } : {}) };
}

/** The function a script's typer or fire call runs, and how its parameters are read. */
function entryOf(source: string, tokens: readonly Token[], functions: readonly PythonFunction[], notes: string[]): { fn: PythonFunction; style: 'typer' | 'fire' } | undefined {
  if (!/\btyper\b|\bfire\b/.test(source)) return undefined;
  // The module's own function of that name (the last, as Python binds it), not a method named so.
  const byName = (name: string): PythonFunction | undefined => functions.filter((f) => f.name === name).sort((a, b) => a.indent - b.indent).findLast((f, _, all) => f.indent === all[0]?.indent);
  for (const call of pythonCalls(tokens, (callee) => callee === 'typer.run' || callee === 'fire.Fire' || callee === 'Fire')) {
    const target = call.args[0]?.value;
    const style = call.callee === 'typer.run' ? 'typer' : 'fire';
    const fn = target?.kind === 'name' ? byName(target.name) : undefined;
    if (fn !== undefined) return { fn, style };
    notes.push(`line ${call.line}: ${call.callee}(${target?.kind === 'name' ? target.name : target === undefined ? '' : '…'}) is not read: only a function of this script is`);
    return undefined;
  }
  if (!/\bTyper\s*\(/.test(source)) return undefined;
  const commands = functions.filter((f) => f.decorators.some((d) => calleeEnd(d.callee) === 'command' && !d.callee.startsWith('click.')));
  if (commands.length === 1) return { fn: commands[0] as PythonFunction, style: 'typer' };
  return undefined;
}

/**
 * The parameters a script's typer or fire entry point takes, and (where no **kwargs takes more)
 * every option it takes; none where it has neither. `picked`: the command of a typer app of
 * several that the step runs (subcommands.ts; null: none named, so none read).
 */
export function functionOptions(source: string, tokens: readonly Token[], functions: readonly PythonFunction[], notes: string[], picked?: PythonFunction | null): { parameters: ScriptParameter[]; style: 'typer' | 'fire'; line: number; accepts: Accepts | undefined } | undefined {
  if (picked === null) return undefined;
  const entry = picked !== undefined ? { fn: picked, style: 'typer' as const } : entryOf(source, tokens, functions, notes);
  if (entry === undefined) return undefined;
  const read = entry.style === 'typer' ? typerParameter : fireParameter;
  const given = entry.fn.parameters.filter((p) => (p.kind === 'positional' || p.kind === 'keyword-only') && !(p.name === 'self' || p.name === 'cls'));
  const parameters = given.map((p) => read(p, notes)).filter((p): p is ScriptParameter => p !== undefined);
  // fire gives the options it does not know to a **kwargs.
  const open = entry.style === 'fire' && entry.fn.parameters.some((p) => p.kind === 'kwargs');
  const options = entry.style === 'typer' ? given.flatMap(typerOptions) : given.flatMap(fireOptions);
  const help = entry.style === 'typer' ? ['--help', '--install-completion', '--show-completion'] : ['--help', '-h'];
  return { parameters, style: entry.style, line: entry.fn.line, accepts: open ? undefined : { parser: entry.style, options: [...new Set([...options, ...help])] } };
}

/** Every name a typer parameter's option goes by (none for a positional). */
function typerOptions(p: FunctionParameter): string[] {
  const { annotated, decls, argument, type } = typerRead(p);
  if (argument || annotated.context) return [];
  if (decls.length > 0) return decls.flatMap((d) => d.split('/').map((o) => o.trim()));
  const option = `--${p.name.replaceAll('_', '-')}`;
  return type === 'flag' ? [option, `--no-${p.name.replaceAll('_', '-')}`] : [option];
}

/** Every name fire takes a parameter by: `--name`, with `-` for `_`, and `--noname` for a bool. */
function fireOptions(p: FunctionParameter): string[] {
  const names = [...new Set([p.name, p.name.replaceAll('_', '-')])];
  const bool = typed(p.annotation).type === 'flag' || p.default?.kind === 'bool';
  return names.flatMap((name) => [`--${name}`, ...(bool ? [`--no${name}`] : [])]);
}

/** The decorators a click command's options are fully known with. */
const CLICK_KNOWN = new Set(['command', 'option', 'argument', 'version_option', 'help_option', 'pass_context', 'pass_obj', 'confirmation_option', 'password_option']);

/** Every option a script's one click command takes, where its decorators show them all. */
export function clickAccepts(source: string, functions: readonly PythonFunction[]): Accepts | undefined {
  if (!/\bclick\b/.test(source) || /\bgroup\s*\(/.test(source)) return undefined;
  const isClick = (callee: string): boolean => callee.startsWith('click.') || !callee.includes('.');
  const commands = functions.filter((f) => f.decorators.some((d) => calleeEnd(d.callee) === 'command' && isClick(d.callee)));
  const command = commands[0];
  if (commands.length !== 1 || command === undefined) return undefined;
  const options: string[] = ['--help'];
  for (const d of command.decorators) {
    const kind = calleeEnd(d.callee);
    if (!isClick(d.callee) || !CLICK_KNOWN.has(kind)) return undefined; // a decorator of the project's own may add options
    if (kind === 'command' && d.args.some((a) => a.keyword === 'context_settings')) return undefined; // (ignore_unknown_options, say)
    const written = d.args.filter((a) => a.keyword === undefined).map((a) => (a.value.kind === 'string' ? a.value.value : undefined));
    if (kind === 'option' || kind === 'help_option') {
      if (written.length === 0 || written.includes(undefined)) return undefined; // a name built at run time
      options.push(...written.flatMap((w) => (w as string).split('/').map((o) => o.trim())).filter((o) => o.startsWith('-')));
    }
    if (kind === 'version_option') options.push('--version');
    if (kind === 'confirmation_option') options.push('--yes');
    if (kind === 'password_option') options.push('--password');
  }
  return { parser: 'click', options: [...new Set(options)] };
}
