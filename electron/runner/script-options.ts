/**
 * A step's command passing its Python script an option the script's argparse (click, typer, fire)
 * does not take: the execution would stop at once with "unrecognized arguments" ("No such
 * option", "Could not consume arg"): a parameter renamed in the YAML and not in the script, say. Said as the run starts, where the script's text shows every option it
 * takes (script-outline.ts `accepts`); nothing is said where it does not.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { formatParameter } from '../../shared/run/build-command.ts';
import { edgesByTarget, type RunPlan } from '../../shared/run/plan.ts';
import type { ConfigFiles } from '../../shared/valohai/script/hydra-config.ts';
import { scriptOutline, type ScriptOutline } from '../../shared/valohai/script/script-outline.ts';
import { optionsNotTaken, PARSERS, scriptCall, subcommandOf } from '../../shared/valohai/script/step-gaps.ts';

type Said = readonly [node: string, message: string];

const READ_MAX = 1024 * 1024;

/** The first MiB of a file (a script's options, a config's values are near its top); undefined where it cannot be read. */
function readHead(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    // (As much as the file holds: a module or a config read beside the script is small.)
    const buffer = Buffer.allocUnsafe(Math.min(fstatSync(fd).size, READ_MAX));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined; // not there (made by an earlier command of the step, say), or not a file
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The files beside a script, as far as they lie inside `root` (a Hydra app's config). */
function filesBeside(script: string, root: string): ConfigFiles {
  const inside = (path: string): string | undefined => {
    const full = resolve(dirname(script), path);
    const rel = relative(root, full);
    return rel.startsWith('..') || isAbsolute(rel) ? undefined : full;
  };
  return {
    read: (path) => {
      const full = inside(path);
      return full === undefined ? undefined : readHead(full);
    },
    list: (folder) => {
      const full = inside(folder);
      try {
        return full === undefined ? undefined : readdirSync(full, { withFileTypes: true }).filter((e) => e.isFile()).slice(0, 500).map((e) => e.name);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * What the Python script at `path` declares (script-outline.ts), read from its first MiB;
 * undefined where it cannot be read. With `root` (the project), the files beside it that declare
 * options too (a Hydra app's config) are read, those inside `root` only; with `command`, what that
 * command of a script of several takes. The one reader of scripts
 * for the run's warning, the editor's form (`script.outline`) and `pipewright add-step`.
 */
export function readScriptOutline(path: string, root?: string, command?: string): ScriptOutline | undefined {
  const source = readHead(path);
  if (source === undefined) return undefined;
  try {
    return scriptOutline(source, root === undefined ? undefined : filesBeside(path, root), command);
  } catch {
    return undefined; // text it cannot follow at all: nothing offered, nothing said, as for a script not there
  }
}

/** A script of the project (not above it), read (with `command`, what that command of it takes). */
function readOutline(projectDir: string, script: string, command: string | undefined): ScriptOutline | undefined {
  const path = resolve(projectDir, script);
  return relative(projectDir, path).startsWith('..') ? undefined : readScriptOutline(path, undefined, command);
}

export function optionsRefused(plan: RunPlan, projectDir: string): Said[] {
  const outlines = new Map<string, ScriptOutline | undefined>();
  const said: Said[] = [];
  const into = edgesByTarget(plan.edges);
  for (const node of plan.nodes) {
    if (node.kind === 'deployment') continue;
    // A parameter an edge feeds is passed once its value arrives.
    const fed = new Set((into.get(node.name) ?? []).filter((e) => e.target.type === 'parameter').map((e) => e.target.key));
    for (const line of node.step.command) {
      const call = scriptCall(line);
      if (call === undefined) continue;
      const { script } = call;
      const command = subcommandOf(line);
      const key = `${script}\n${command ?? ''}`;
      if (!outlines.has(key)) outlines.set(key, readOutline(projectDir, script, command));
      const accepts = outlines.get(key)?.accepts;
      if (accepts === undefined) continue;
      const all = /\{(parameters|params)\}/.test(line);
      const named = new Set([...line.matchAll(/\{parameter:([^}]+)\}/g)].map((m) => m[1]));
      const passed = node.step.parameters
        .filter((p) => all || named.has(p.name))
        .flatMap((p) => formatParameter(p, node.values[p.name] ?? (fed.has(p.name) ? (p.type === 'flag' ? true : 'value') : undefined)) ?? []);
      // Options written in the command itself, after the script.
      const written = call.after.replace(/\{[^}]*\}/g, ' ').split(/\s+/);
      const options = [...passed, ...written].filter((word) => /^--?[A-Za-z]/.test(word)).map((word) => word.split('=')[0] as string);
      const refused = optionsNotTaken(options, accepts);
      if (refused.length === 0) continue;
      const takes = accepts.options.filter((a) => !['-h', '--help', '--install-completion', '--show-completion'].includes(a));
      const parser = PARSERS[accepts.parser];
      said.push([
        node.name,
        `node "${node.name}": its command passes ${refused.join(', ')} to ${script}, whose ${parser.said} does not take ${refused.length === 1 ? 'it' : 'them'} (it takes ${takes.slice(0, 12).join(', ')}${takes.length > 12 ? ', …' : ''}): the execution would stop with "${parser.stops}"; rename the parameter, or give it a pass-as the script takes`,
      ]);
    }
  }
  return said;
}
