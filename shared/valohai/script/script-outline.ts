/**
 * What a Python script says it takes, as a new step's parameters and inputs: its argparse
 * `add_argument` options, its click `option`s, the signature of the function typer or fire runs
 * (function-options.ts), a Hydra app's config (hydra-config.ts), and valohai-utils' `valohai.prepare(step=...,
 * default_parameters={...}, default_inputs={...})`. Each becomes what Valohai passes so the script
 * reads it unchanged (`--lr=0.1` for `--lr`; a store_true option a flag; a positional argument
 * `pass-as: '{v}'`); what has no such form (nargs, count, a computed default) is left out, said.
 * Inputs: prepare's, and those the script reads from the inputs folder (inputs-read.ts).
 */
import type { ParameterValue } from '../model/parameter.ts';
import { environmentRead, type ScriptEnvironment } from './environment-read.ts';
import { inputsRead } from './inputs-read.ts';
import { localImportPaths } from './local-imports.ts';
import { calleeEnd, keywordArg, pythonCalls, tokenize, type Argument, type Literal } from './python-calls.ts';
import type { Accepts } from './step-gaps.ts';
import { clickAccepts, functionOptions } from './function-options.ts';
import { hydraConfigOf, hydraParameters, type ConfigFiles } from './hydra-config.ts';
import { pythonFunctions } from './python-functions.ts';
import { subcommandsOf } from './subcommands.ts';
import { describedBy, ITEM_NAME as NAME, plain, typedDefault } from './script-literals.ts';

/** A parameter as a step's YAML item writes it (Valohai's keys). */
export interface ScriptParameter {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'float' | 'flag';
  readonly default?: ParameterValue;
  readonly optional?: true;
  readonly description?: string;
  readonly choices?: readonly ParameterValue[];
  readonly multiple?: 'repeat';
  readonly 'pass-as'?: string;
  readonly 'pass-true-as'?: string;
  readonly 'pass-false-as'?: string;
}

export interface ScriptInput {
  readonly name: string;
  readonly default?: string | readonly string[];
}

export interface ScriptOutline {
  /** The step name valohai.prepare gives, if it does. */
  readonly step: string | undefined;
  /** The image valohai.prepare gives, if it does. */
  readonly image: string | undefined;
  readonly parameters: readonly ScriptParameter[];
  readonly inputs: readonly ScriptInput[];
  /** The environment variables it reads (environment-read.ts), as the step's `environment-variables`. */
  readonly environment: readonly ScriptEnvironment[];
  /** What was left out, and why: `line 12: --sizes takes several values (nargs="+")…`. */
  readonly notes: readonly string[];
  /**
   * Every option the script takes (`--lr`, `-k`, `--help`…) and the library that refuses others,
   * where the text shows them all: one argparse parser with every flag written out and nothing
   * that takes options the text does not show (parse_known_args, subparsers, parents,
   * valohai.prepare); one click command of known decorators; the function typer or fire runs,
   * without **kwargs. Undefined where not known.
   */
  readonly accepts: Accepts | undefined;
  /** The modules of the script's folder its options were read from (its parser is built in `args.py`), if any. */
  readonly modules: readonly string[];
  /** The commands of a script of several (argparse subparsers, a click group's, a typer app's), in order; none where it has none. */
  readonly commands: readonly string[];
}

/** What lets a script take options its text does not write out. */
const OPEN_ENDED = /parse_known_args|add_subparsers|parents\s*=|\bclick\b|valohai\.prepare/;


const isTrue = (value: Literal | undefined): boolean => value?.kind === 'bool' && value.value;

function typeOf(type: Literal | undefined, fallback: Literal | undefined): ScriptParameter['type'] {
  const name = type?.kind === 'name' ? calleeEnd(type.name) : type?.kind === 'call' ? calleeEnd(type.callee) : undefined;
  if (name === 'int' || name === 'INT' || name === 'IntRange') return 'integer';
  if (name === 'float' || name === 'FLOAT' || name === 'FloatRange') return 'float';
  if (name !== undefined) return 'string';
  if (fallback?.kind === 'number') return fallback.integer ? 'integer' : 'float';
  return 'string';
}

/** argparse's add_argument and click's option, alike where they agree. */
function fromOption(args: readonly Argument[], line: number, click: boolean, notes: string[]): ScriptParameter | undefined {
  const flags = args.filter((a) => a.keyword === undefined && a.value.kind === 'string').map((a) => (a.value as { value: string }).value);
  const shown = flags.join(', ') || '(an option)';
  const left = (why: string): undefined => {
    notes.push(`line ${line}: ${shown} is left out: ${why}`);
    return undefined;
  };
  const long = flags.find((f) => f.startsWith('--'));
  const positional = flags.find((f) => !f.startsWith('-'));
  const short = flags.find((f) => /^-[^-]/.test(f));
  // click's "--shout/--no-shout": a boolean flag written both ways.
  const both = long?.includes('/') ? long.split('/').map((f) => f.trim()) : undefined;
  const option = both?.[0] ?? long ?? short;
  const name = option !== undefined ? option.replace(/^-+/, '') : positional !== undefined && !click ? positional : undefined;
  if (name === undefined) return left('no option name to pass it by');
  if (!NAME.test(name)) return left(`"${name}" is not a name Valohai takes for a parameter`);
  const action = keywordArg(args, 'action');
  const actionName = action?.kind === 'string' ? action.value : undefined;
  const nargs = keywordArg(args, 'nargs');
  const several = nargs !== undefined && !(nargs.kind === 'string' && nargs.value === '?') && !(nargs.kind === 'number' && nargs.value === 1);
  // Several values Valohai can write: a positional's are words of their own (`{v}` repeated), and
  // action="extend" gathers every `--x=v`; an option that takes them after one flag has no form.
  const gathers = several && (option === undefined || actionName === 'extend');
  if (several && !gathers) {
    return left(`it takes several values after one flag (nargs), which Valohai's parameters do not write: add it by hand (multiple: separate and a pass-as, or type: string)`);
  }
  if (actionName !== undefined && !['store', 'store_true', 'store_false', 'append', 'extend', 'BooleanOptionalAction'].includes(actionName)) return left(`its action "${actionName}" takes no value Valohai can pass`);
  const description = describedBy(args);
  const isFlag = actionName === 'store_true' || actionName === 'store_false' || (action?.kind === 'name' && calleeEnd(action.name) === 'BooleanOptionalAction') || both !== undefined || isTrue(keywordArg(args, 'is_flag'));
  if (isFlag) {
    const given = keywordArg(args, 'default');
    const on = given?.kind === 'bool' ? given.value : actionName === 'store_false';
    // store_false: passing the flag turns it off; named as the script names what it sets (its
    // dest: `--no-cache` with dest="cache" is `cache`, true unless the flag is passed).
    const dest = keywordArg(args, 'dest');
    const kept = dest?.kind === 'string' && NAME.test(dest.value) ? dest.value : name;
    if (actionName === 'store_false') return { name: kept, type: 'flag', default: on, 'pass-false-as': option as string, ...description };
    if (both !== undefined) return { name, type: 'flag', default: on, 'pass-true-as': both[0] as string, 'pass-false-as': both[1] as string, ...description };
    if (action?.kind === 'name') return { name, type: 'flag', default: on, 'pass-true-as': `--${name}`, 'pass-false-as': `--no-${name}`, ...description };
    return { name, type: 'flag', default: on, ...(option !== `--${name}` ? { 'pass-true-as': option as string } : {}), ...description };
  }
  const typeArg = keywordArg(args, 'type');
  const defaultArg = keywordArg(args, 'default');
  // A yes/no value by its own converter (`type=str2bool, default=False`, a lambda): a flag that
  // writes it out, true or false, as such converters all read. `type=bool` reads any text but ""
  // as true: false is passed as nothing after the `=`.
  if (defaultArg?.kind === 'bool' && typeArg !== undefined && (actionName === undefined || actionName === 'store') && option?.startsWith('--') === true && !click) {
    const builtin = typeArg.kind === 'name' && typeArg.name === 'bool';
    return { name, type: 'flag', default: defaultArg.value, 'pass-true-as': `${option}=${builtin ? '1' : 'true'}`, 'pass-false-as': `${option}=${builtin ? '' : 'false'}`, ...description };
  }
  const type = typeOf(typeArg, defaultArg);
  const choicesArg = keywordArg(args, 'choices') ?? (typeArg?.kind === 'call' && calleeEnd(typeArg.callee) === 'Choice' ? typeArg.args[0]?.value : undefined);
  const choices = choicesArg !== undefined ? plain(choicesArg) : undefined;
  const repeated = actionName === 'append' || actionName === 'extend' || isTrue(keywordArg(args, 'multiple')) || gathers;
  const value = repeated ? undefined : typedDefault(type, defaultArg);
  if (defaultArg !== undefined && defaultArg.kind !== 'none' && value === undefined && !repeated) notes.push(`line ${line}: ${shown}: its default is not a plain ${type} value, so the step gives none (the script's own applies when none is passed)`);
  const required = keywordArg(args, 'required');
  // A positional is optional where it may be left out: nargs "?" or "*" (click's -1, or required=False).
  const mayBeEmpty = (nargs?.kind === 'string' && (nargs.value === '?' || nargs.value === '*')) || (nargs?.kind === 'number' && nargs.value === -1);
  const optional = value === undefined && !(required?.kind === 'bool' && required.value) && (option !== undefined || mayBeEmpty || (click && required?.kind === 'bool' && !required.value));
  const passAs = option === undefined ? { 'pass-as': '{v}' } : option !== `--${name}` ? { 'pass-as': `${option} {v}` } : {};
  return {
    name,
    type,
    ...(value !== undefined ? { default: value } : {}),
    ...(optional ? { optional: true } : {}),
    ...(Array.isArray(choices) && choices.length > 0 ? { choices } : {}),
    ...(repeated ? { multiple: 'repeat' } : {}),
    ...passAs,
    ...description,
  };
}

/** valohai.prepare(default_parameters=..., default_inputs=...), as valohai-utils reads its command line. */
function fromPrepare(args: readonly Argument[], line: number, notes: string[]): Pick<ScriptOutline, 'step' | 'image' | 'parameters' | 'inputs'> {
  const step = keywordArg(args, 'step');
  const image = keywordArg(args, 'image');
  const parameters: ScriptParameter[] = [];
  const inputs: ScriptInput[] = [];
  const given = keywordArg(args, 'default_parameters');
  for (const [name, value] of given?.kind === 'dict' ? given.entries : []) {
    if (!NAME.test(name)) notes.push(`line ${line}: parameter "${name}" is left out: not a name Valohai takes`);
    else if (value.kind === 'bool') parameters.push({ name, type: 'flag', default: value.value, 'pass-true-as': `--${name}=true`, 'pass-false-as': `--${name}=false` });
    else if (value.kind === 'number') parameters.push({ name, type: value.integer ? 'integer' : 'float', default: value.value });
    else if (value.kind === 'string') parameters.push({ name, type: 'string', default: value.value });
    else notes.push(`line ${line}: parameter "${name}" is left out: its default is not a single number, string or boolean`);
  }
  const files = keywordArg(args, 'default_inputs');
  for (const [name, value] of files?.kind === 'dict' ? files.entries : []) {
    const urls = value.kind === 'string' ? value.value : value.kind === 'list' && value.items.every((i) => i.kind === 'string') ? value.items.map((i) => (i as { value: string }).value) : undefined;
    if (!NAME.test(name)) notes.push(`line ${line}: input "${name}" is left out: not a name Valohai takes`);
    else inputs.push({ name, ...(urls !== undefined && urls.length > 0 ? { default: urls } : {}) });
  }
  return { step: step?.kind === 'string' ? step.value : undefined, image: image?.kind === 'string' ? image.value : undefined, parameters, inputs };
}

/**
 * `files`: the files beside the script (a Hydra app's config), where the caller can read them.
 * `command`: the command of a script of several that the step runs (`train` in `python3 main.py
 * train {parameters}`): its options are offered, not the script's own, which go before its name.
 */
export function scriptOutline(source: string, files?: ConfigFiles, command?: string): ScriptOutline {
  const notes: string[] = [];
  const parameters: ScriptParameter[] = [];
  const inputs: ScriptInput[] = [];
  let step: string | undefined;
  let image: string | undefined;
  const add = (parameter: ScriptParameter | undefined, line: number): void => {
    if (parameter === undefined) return;
    if (parameters.some((p) => p.name === parameter.name)) notes.push(`line ${line}: "${parameter.name}" is declared twice; the first is kept`);
    else parameters.push(parameter);
  };
  const flags: string[] = [];
  let closed = /ArgumentParser\s*\(/.test(source) && source.match(/ArgumentParser\s*\(/g)?.length === 1 && !OPEN_ENDED.test(source);
  // (Read into tokens once: every reader below walks them.)
  const tokens = tokenize(source);
  const functions = pythonFunctions(source, tokens);
  const subcommands = subcommandsOf(source, functions);
  const chosen = command !== undefined && subcommands?.names.includes(command) === true ? command : undefined;
  const before: string[] = [];
  for (const call of pythonCalls(tokens, (callee) => ['add_argument', 'option', 'argument', 'prepare'].includes(calleeEnd(callee)))) {
    const kind = calleeEnd(call.callee);
    // In a script of several commands, the chosen one's options (or, with none chosen, the script's own).
    if (subcommands !== undefined && kind !== 'prepare' && subcommands.library !== 'typer') {
      const owner = subcommands.ownerOf(call);
      if (owner !== chosen) {
        const named = call.args.find((a) => a.keyword === undefined && a.value.kind === 'string')?.value;
        if (owner === undefined && named?.kind === 'string') before.push(named.value);
        continue;
      }
    }
    if (kind === 'add_argument') {
      const written = call.args.filter((a) => a.keyword === undefined).map((a) => (a.value.kind === 'string' ? a.value.value : undefined));
      if (written.length === 0 || written.includes(undefined)) closed = false; // a flag built at run time
      flags.push(...written.filter((f): f is string => f !== undefined && f.startsWith('-')));
      add(fromOption(call.args, call.line, false, notes), call.line);
    }
    else if (kind === 'option' && (call.callee === 'option' || call.callee.endsWith('click.option'))) add(fromOption(call.args, call.line, true, notes), call.line);
    else if (kind === 'argument' && call.callee.endsWith('click.argument')) add(fromOption(call.args, call.line, false, notes), call.line);
    else if (kind === 'prepare' && call.callee.endsWith('valohai.prepare')) {
      const prepared = fromPrepare(call.args, call.line, notes);
      step ??= prepared.step;
      image ??= prepared.image;
      for (const p of prepared.parameters) add(p, call.line);
      inputs.push(...prepared.inputs.filter((i) => !inputs.some((known) => known.name === i.name)));
    }
  }
  if (subcommands !== undefined && chosen === undefined) notes.push(`it has commands (${subcommands.names.join(', ')}): name one after the script in the step's command (${subcommands.names[0] ?? ''} {parameters}) to be offered its options`);
  if (chosen !== undefined && before.length > 0) notes.push(`${before.join(', ')}: the script's own, given before the command's name, left out (write ${before.length === 1 ? 'it' : 'them'} before "${chosen}" in the command)`);
  // typer's and fire's options, from the signature of the function they run; Hydra's from its config.
  const picked = subcommands?.library === 'typer' ? (chosen !== undefined ? (subcommands.functionOf(chosen) ?? null) : null) : undefined;
  const fromFunction = functionOptions(source, tokens, functions, notes, picked);
  for (const parameter of fromFunction?.parameters ?? []) add(parameter, fromFunction?.line ?? 0);
  const hydra = /\bhydra\b/.test(source) ? hydraConfigOf(functions, notes) : undefined;
  if (hydra !== undefined && files !== undefined) for (const parameter of hydraParameters(hydra.path, files, notes)) add(parameter, hydra.line);
  // The inputs it reads from the inputs folder, beside those prepare names (with no default: an edge or a run gives their files).
  for (const { name } of inputsRead(source, tokens)) if (!inputs.some((known) => known.name === name)) inputs.push({ name });
  const commands = [...(subcommands?.names ?? [])];
  const environment = environmentRead(source, tokens);
  const modules = files !== undefined ? fromModules(source, files, { parameters, inputs, notes, commands, environment }, command) : [];
  // A positional that takes several words must come with the others, after the options: argparse
  // gives an earlier `nargs="*"` none of the words that follow an option.
  if (parameters.some((p) => p['pass-as'] === '{v}' && p.multiple === 'repeat')) {
    const positional = (p: ScriptParameter): boolean => p['pass-as'] === '{v}';
    parameters.splice(0, parameters.length, ...parameters.filter((p) => !positional(p)), ...parameters.filter(positional));
  }
  const accepts: Accepts | undefined =
    closed && flags.length > 0 ? { parser: 'argparse', options: [...new Set([...flags, '-h', '--help'])] } : (fromFunction?.accepts ?? (/ArgumentParser\s*\(|valohai\.prepare/.test(source) ? undefined : clickAccepts(source, functions)));
  return { step, image, parameters, inputs, environment, notes, accepts, modules, commands };
}

/** At most so many of the script's own modules are read. */
const MODULES_MAX = 8;

/**
 * What the modules of the script's folder it imports declare (local-imports.ts): their options,
 * where the script declares none of its own (its parser is built in `args.py`), and the inputs
 * and the environment variables they read; the modules whose options were taken. One level: a module's own imports are not followed.
 */
function fromModules(source: string, files: ConfigFiles, into: { parameters: ScriptParameter[]; inputs: ScriptInput[]; notes: string[]; commands: string[]; environment: ScriptEnvironment[] }, command: string | undefined): string[] {
  const own = into.parameters.length;
  const gave: string[] = [];
  let read = 0;
  for (const path of localImportPaths(source)) {
    if (read >= MODULES_MAX) break;
    const text = files.read(path);
    if (text === undefined) continue;
    read += 1;
    const module = scriptOutline(text, undefined, command);
    if (own === 0 && (module.parameters.length > 0 || module.commands.length > 0)) {
      gave.push(path);
      for (const name of module.commands) if (!into.commands.includes(name)) into.commands.push(name);
      for (const parameter of module.parameters) if (!into.parameters.some((p) => p.name === parameter.name)) into.parameters.push(parameter);
      into.notes.push(...module.notes.map((note) => `${path}: ${note}`));
    }
    for (const input of module.inputs) if (!into.inputs.some((i) => i.name === input.name)) into.inputs.push(input);
    for (const variable of module.environment) if (!into.environment.some((v) => v.name === variable.name)) into.environment.push(variable);
  }
  return gave;
}
