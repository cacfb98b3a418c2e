/**
 * `pipewright add-step SCRIPT`: a step in valohai.yaml made from what a Python script declares it
 * takes (argparse, click, typer, fire, Hydra, valohai.prepare; script-outline.ts), as `vh yaml step` makes one from
 * valohai.prepare. A step of that name already there gets what it lacks of it (an option added to
 * the script since); the file is created where there is none. Every other line stays as it was.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { commandFor, NEW_STEP_IMAGE, stepNameFor } from '../../../shared/valohai/edit/new-step-defaults.ts';
import { addScriptItems, addStep } from '../../../shared/valohai/edit/step-edits.ts';
import { findByName } from '../../../shared/valohai/model/config.ts';
import { importValohaiYaml } from '../../../shared/valohai/import.ts';
import type { ScriptEnvironment } from '../../../shared/valohai/script/environment-read.ts';
import type { ScriptInput, ScriptParameter } from '../../../shared/valohai/script/script-outline.ts';
import { missingFromStep, subcommandOf } from '../../../shared/valohai/script/step-gaps.ts';
import { readScriptOutline } from '../../runner/script-options.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printJson, refuse, type Io } from '../output.ts';

export interface AddStepOptions {
  readonly script: string;
  readonly project: string;
  readonly name: string | undefined;
  readonly image: string | undefined;
  /** The command of a script of several that the step runs. */
  readonly command: string | undefined;
  readonly json: boolean;
}

const said = (p: ScriptParameter): string => `${p.name} (${p.type}${p.default !== undefined ? ` = ${JSON.stringify(p.default)}` : ''})`;
const saidInput = (i: ScriptInput): string => (i.default === undefined ? i.name : `${i.name} (${[i.default].flat().join(', ')})`);

export function addStepCommand(options: AddStepOptions, io: Io): number {
  const dir = resolve(io.cwd, options.project);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return refuse(io, 'add-step', `${options.project}: no such folder`, EXIT_USAGE);
  // SCRIPT as typed from here, or as a path in the project.
  const candidates = [resolve(io.cwd, options.script), resolve(dir, options.script)];
  const path = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (path === undefined) return refuse(io, 'add-step', `${options.script}: no such file`, EXIT_USAGE);
  if (!path.endsWith('.py')) return refuse(io, 'add-step', `${options.script}: add-step reads a Python script's options (argparse, click, typer, fire, Hydra, valohai.prepare); write a step for other scripts in the editor or valohai.yaml`, EXIT_USAGE);
  const inProject = relative(dir, path);
  if (inProject.startsWith('..') || isAbsolute(inProject)) return refuse(io, 'add-step', `${options.script} is outside the project folder ${options.project}: a step runs the project's own code`, EXIT_USAGE);
  const outline = readScriptOutline(path, dir, options.command);
  if (outline === undefined) return refuse(io, 'add-step', `${options.script}: cannot be read`, EXIT_FAILED);
  if (options.command !== undefined && !outline.commands.includes(options.command)) {
    const has = outline.commands.length > 0 ? `its commands are ${outline.commands.join(', ')}` : 'it has no commands of its own (argparse subparsers, a click group, a typer app)';
    return refuse(io, 'add-step', `--command ${options.command}: ${options.script} has no such command: ${has}`, EXIT_USAGE);
  }
  const file = join(dir, 'valohai.yaml');
  const shown = relative(io.cwd, file) || 'valohai.yaml';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const script = inProject.split('\\').join('/');
  const name = options.name ?? outline.step ?? stepNameFor(options.command !== undefined ? `${options.command}.py` : script);
  const existing = findByName(importValohaiYaml(text).config.steps, name);
  let created: boolean;
  let parameters: readonly ScriptParameter[];
  let inputs: readonly ScriptInput[];
  let environment: readonly ScriptEnvironment[];
  let command: readonly string[];
  let result;
  // (Of a script of several commands, the step must run the same one.)
  if (existing && !existing.command.some((c) => c.includes(script) && (options.command === undefined || subcommandOf(c) === options.command))) {
    return refuse(io, 'add-step', `${shown}: step "${name}" runs something else (${existing.command.join(' && ')}): give the new step another name with --name`, EXIT_FAILED);
  }
  if (existing) {
    ({ parameters, inputs, environment } = missingFromStep(existing, outline));
    created = false;
    command = existing.command;
    result = parameters.length + inputs.length + environment.length === 0 ? ({ ok: true, text } as const) : addScriptItems(text, name, { parameters, inputs, environment });
  } else {
    ({ parameters, inputs, environment } = outline);
    created = true;
    command = [commandFor(script, options.command)];
    result = addStep(text, { name, image: options.image ?? outline.image ?? NEW_STEP_IMAGE, command: command[0] as string, parameters, inputs, environment });
  }
  if (!result.ok) return refuse(io, 'add-step', `${shown}: ${result.message}`, EXIT_FAILED);
  if (result.text !== text) writeFileSync(file, result.text);
  if (options.json) {
    printJson(io, { file: shown, step: name, created, command, parameters, inputs, environment, notes: outline.notes });
    return EXIT_OK;
  }
  const added = [
    ...(parameters.length > 0 ? [`  parameters: ${parameters.map(said).join(', ')}`] : []),
    ...(inputs.length > 0 ? [`  inputs: ${inputs.map(saidInput).join(', ')}`] : []),
    ...(environment.length > 0 ? [`  environment variables: ${environment.map((v) => (v.default !== undefined ? `${v.name} (${JSON.stringify(v.default)})` : v.name)).join(', ')}`] : []),
  ];
  if (created) io.out(`${shown}: added step "${name}" running ${command.join(' && ')}\n`);
  else if (added.length > 0) io.out(`${shown}: step "${name}" now also takes what ${script} declares and it did not pass\n`);
  else io.out(`${shown}: step "${name}" already passes all that ${script} declares; nothing changed\n`);
  for (const line of added) io.out(`${line}\n`);
  if (outline.modules.length > 0 && parameters.length > 0) io.out(`  (its options are declared in ${outline.modules.join(', ')}, which ${script} imports)\n`);
  for (const note of outline.notes) io.err(`  left out: ${note}\n`);
  return EXIT_OK;
}
