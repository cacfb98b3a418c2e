/**
 * What the file asks that a run here does not do, or does by a guess, said when the run starts
 * rather than left silent: a GPU machine's name read for GPUs, mounts and variable groups that need
 * Valohai, `/valohai/…` paths taken as the execution's own folders, packages installed into this
 * machine's Python or system, a task type done in part.
 */
import { environmentGpus } from '../../shared/run/environment-gpus.ts';
import type { RunPlan } from '../../shared/run/plan.ts';
import { valohaiFoldersIn } from '../../shared/run/valohai-paths.ts';
import { gpuCount } from '../../shared/valohai/model/environment.ts';
import { stepNeed, type Machine } from './resources.ts';
import { bindable, inImage as runsInImage } from './engine/container-launch.ts';
import type { ContainerRuntime } from './exec/container.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scriptCall } from '../../shared/valohai/script/step-gaps.ts';
import { variablesRead } from '../../shared/run/shell-variables.ts';

type Said = readonly [node: string, message: string];
type PlannedNode = RunPlan['nodes'][number];

export function unappliedHere(plan: RunPlan, machine: Machine, env: Readonly<Record<string, string | undefined>> = process.env, container: ContainerRuntime | null = null, projectDir?: string): Said[] {
  return plan.nodes.flatMap((node) => {
    // In its image, a step has its own /valohai, system and Python, as on Valohai.
    const inImage = runsInImage(container, node);
    const asUser = typeof process.getuid === 'function' && process.getuid() !== 0;
    const onHost = inImage ? (asUser ? systemPackagesAsUser(node) : []) : [...fixedFoldersTaken(node), ...imageFilesRun(node), ...installsHere(node, env), ...systemPackagesHere(node), ...variablesUnset(node, env)];
    return [
      ...gpuGuess(node, machine),
      ...(inImage ? mountsNotBound(node) : mountsNotMade(node)),
      ...groupsNotKnown(node),
      ...onHost,
      ...taskNotes(node),
      ...clonesIntoProject(node, projectDir),
      ...mkdirsInProject(node, projectDir),
    ];
  });
}

/**
 * `git clone URL [DIR]` in a command: on Valohai into a fresh copy of the code each time; here (on
 * the host or in a container alike) into the project folder itself, where a later run finds the
 * clone and git refuses to clone again. A command that clones only when the folder is missing is not said.
 */
function clonesIntoProject(node: PlannedNode, projectDir: string | undefined): Said[] {
  if (node.kind === 'deployment') return [];
  const text = node.step.command.join('\n');
  const folder = commandSegments(text).map(cloneFolder).find((f) => f !== undefined);
  if (folder === undefined || guarded(text, folder)) return [];
  const there = projectDir !== undefined && existsSync(join(projectDir, folder));
  const way = `write [ -d ${folder} ] || git clone … in the command`;
  return [
    [
      node.name,
      `node "${node.name}": its command clones a git repository into ${folder}/ of the project folder, which a run here works in (Valohai gives each execution a fresh copy of the code): ` +
        (there ? `${folder}/ is already there, so git clone fails; delete it, or ${way}` : `a later run finds it there and git clone fails; ${way} (and add ${folder}/ to .gitignore)`),
    ],
  ];
}

/**
 * `mkdir DIR` (without -p) of a folder in the code (`checkpoints`, `/valohai/repository/x`): on
 * Valohai made in a fresh copy of the code each time; here in the project folder itself, where a
 * later run finds it and mkdir fails. Said once per node, naming the first such folder.
 */
function mkdirsInProject(node: PlannedNode, projectDir: string | undefined): Said[] {
  if (node.kind === 'deployment') return [];
  const text = node.step.command.join('\n');
  // After a `cd` elsewhere, a relative path is not the code's: only /valohai/repository/… is then.
  let away = false;
  const made = commandSegments(text).flatMap((segment) => {
    const words = segment.trim().split(/\s+/);
    if (words[0] === 'cd') away = !/^(\.|\/valohai\/repository\/?|"?\$\{?VH_REPOSITORY_DIR\}?"?)$/.test(words[1] ?? '');
    return mkdirFolders(segment).filter((f) => !away || f.fromRepository).map((f) => f.folder);
  });
  const folder = made.find((f) => !guarded(text, f));
  if (folder === undefined) return [];
  const there = projectDir !== undefined && existsSync(join(projectDir, folder));
  const way = `write mkdir -p ${folder}, which leaves a folder that is there as it is`;
  return [
    [
      node.name,
      `node "${node.name}": its command makes ${folder}/ with mkdir in the project folder, which a run here works in (Valohai gives each execution a fresh copy of the code): ` +
        (there ? `${folder}/ is already there, so mkdir fails; ${way}` : `a later run finds it there and mkdir fails; ${way}`),
    ],
  ];
}

/** The folders of the code (relative to it) that `mkdir` without -p makes in one command; `fromRepository`: named by /valohai/repository/…. */
function mkdirFolders(segment: string): { readonly folder: string; readonly fromRepository: boolean }[] {
  const words = segment.trim().split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, ''));
  if (words[0] !== 'mkdir' || words.some((w) => /^-\w*p|^--parents$/.test(w))) return [];
  return words
    .slice(1)
    .filter((w, i, all) => !w.startsWith('-') && w !== '&' && !/^(-m|--mode)$/.test(all[i - 1] ?? ''))
    .map((w) => ({ folder: (w.startsWith('/valohai/repository/') ? w.slice('/valohai/repository/'.length) : w).replace(/^\.\//, '').replace(/\/+$/, ''), fromRepository: w.startsWith('/valohai/repository/') }))
    .filter(({ folder: w }) => w !== '' && w !== '.' && !w.startsWith('/') && !w.includes('$') && !w.startsWith('..'));
}

/** A command's simple commands, split where the shell runs the next one (`&&`, `||`, `;`, a line, a pipe). */
function commandSegments(text: string): string[] {
  return text.split(/&&|\|\||[;\n|]/);
}

/** Whether the command makes `folder` only when it is missing (`[ -d lib ] || git clone … lib`). */
function guarded(text: string, folder: string): boolean {
  return new RegExp(`\\[\\s+-[de]\\s+['"]?(\\./)?${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text);
}

/** Options of git clone that take the next word as their value. */
const CLONE_VALUED = new Set(['-b', '--branch', '--depth', '-o', '--origin', '-c', '--config', '--reference', '-j', '--jobs', '-u', '--upload-pack', '--separate-git-dir', '--template']);

/** The folder `git clone URL [DIR]` makes (relative to where it runs), or undefined for another command. */
function cloneFolder(segment: string): string | undefined {
  const words = segment.trim().split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, ''));
  if (words[0] !== 'git' || words[1] !== 'clone') return undefined;
  const rest: string[] = [];
  for (let i = 2; i < words.length; i += 1) {
    const word = words[i] as string;
    if (word === '&') break;
    if (word.startsWith('-')) {
      if (CLONE_VALUED.has(word)) i += 1;
      continue;
    }
    rest.push(word);
  }
  const [url, dir] = rest;
  if (url === undefined) return undefined;
  const folder = (dir ?? url.replace(/\/+$/, '').replace(/\.git$/, '').split(/[/:]/).pop() ?? '').replace(/^\.\//, '').replace(/\/+$/, '');
  return folder === '' || folder === '.' || folder.startsWith('/') || folder.includes('$') ? undefined : folder;
}

/** In a container, a mount of a folder this machine has is bound in; others (NFS and the like) need Valohai's workers. */
function mountsNotBound(node: PlannedNode): Said[] {
  if (node.kind === 'deployment') return [];
  const left = node.step.mounts.filter((m) => !bindable(m));
  if (left.length === 0) return [];
  const said = left.map((m) => `${m.source} → ${m.destination}`).join(', ');
  return [[node.name, `node "${node.name}": its mounts ${said} are not made: a container here binds in only folders this machine has (an absolute path that exists, no type or type bind)`]];
}

/** `apt-get install` (yum, dnf, apk…) in a step's command, as said: `apt-get install`. */
function systemPackages(node: PlannedNode): string | undefined {
  if (node.kind === 'deployment') return undefined;
  const found = node.step.command.map((c) => /\b(apt-get|apt|yum|dnf|apk|zypper|pacman)\s+(?:-\S+\s+)*(install|update|upgrade|add|-S\w*)\b/.exec(c)).find((m) => m !== null);
  return found ? `${found[1] ?? ''} ${found[2] ?? ''}` : undefined;
}

/** That changes an image on Valohai; here it would change this machine. */
function systemPackagesHere(node: PlannedNode): Said[] {
  const said = systemPackages(node);
  if (said === undefined) return [];
  return [[node.name, `node "${node.name}": its command runs ${said}, which on Valohai changes the step's container; here it changes this machine's own system (as root), or fails without root: install what the step needs once, by hand`]];
}

/** In its container it runs as this machine's user (container.ts), not root as on Valohai. */
function systemPackagesAsUser(node: PlannedNode): Said[] {
  const said = systemPackages(node);
  if (said === undefined) return [];
  return [[node.name, `node "${node.name}": its command runs ${said}, which needs root; in its container here it runs as your user (so the files it writes are yours), so that fails: put those packages in the image`]];
}

/** How a task's blueprint type is run here where it differs from Valohai (blueprint-children.ts). */
function taskNotes(node: PlannedNode): Said[] {
  return node.kind === 'task' ? node.notes.map((note) => [node.name, `node "${node.name}": ${note}`] as const) : [];
}

/** `/valohai/outputs` in a command or a parameter value stands for the execution's own folder (see valohai-paths.ts). */
function fixedFoldersTaken(node: PlannedNode): Said[] {
  if (node.kind === 'deployment') return [];
  const variables = node.step.environmentVariables.flatMap((v) => (v.default === undefined ? [] : [v.default]));
  const texts = [...node.step.command, ...Object.values(node.values).flat().filter((v): v is string => typeof v === 'string'), ...variables];
  const folders = [...new Set(texts.flatMap(valohaiFoldersIn))];
  if (folders.length === 0) return [];
  // The repository is no folder of the execution's: it is the project itself, where writes stay.
  const own = folders.filter((f) => f !== 'repository');
  const told = own.length === 0 ? [] : [`each execution's own folder is used in its place (${own.map((f) => `$VH_${f.toUpperCase()}_DIR`).join(', ')} ${own.length === 1 ? 'names it' : 'name them'})`];
  if (own.length < folders.length) told.push("/valohai/repository is this project folder ($VH_REPOSITORY_DIR), where on Valohai it is a fresh copy of the code for each execution: what a command writes there stays in your project");
  return [[node.name, `node "${node.name}": its command, parameters or environment variables name ${folders.map((f) => `/valohai/${f}`).join(', ')}; a run here has no /valohai, so ${told.join('; and ')}`]];
}

/** Environment variable groups are a Valohai project's settings (secrets, often): not here. */
function groupsNotKnown(node: PlannedNode): Said[] {
  if (node.kind === 'deployment' || node.step.environmentVariableGroups.length === 0) return [];
  const groups = node.step.environmentVariableGroups.join(', ');
  return [[node.name, `node "${node.name}": its environment-variable-groups (${groups}) live in a Valohai project, not here: the variables they hold reach the step only if this shell has them set`]];
}

/** Mounts bind a worker's folders into the step's container; here the command runs on this machine, in no container. */
function mountsNotMade(node: PlannedNode): Said[] {
  if (node.kind === 'deployment' || node.step.mounts.length === 0) return [];
  const said = node.step.mounts.map((m) => (m.source === m.destination ? m.destination : `${m.source} → ${m.destination}`)).join(', ');
  return [[node.name, `node "${node.name}": its mounts (${said}) are not made here: its command runs on this machine, not in a container, so it reads ${node.step.mounts.map((m) => m.destination).join(', ')} as this machine has them`]];
}

/** A node given GPUs because its environment names a GPU machine (or not, on a machine without any). */
function gpuGuess(node: PlannedNode, machine: Machine): Said[] {
  if (node.kind === 'deployment' || gpuCount(node.step.resources) > 0 || environmentGpus(node.step.environment) === 0) return [];
  const given = stepNeed(node.step, machine).gpus;
  const why = `its environment ${node.step.environment} is a GPU machine on Valohai`;
  return [
    [
      node.name,
      given > 0
        ? `node "${node.name}": ${why}: each execution gets ${given} of this machine's GPUs (resources: {devices: {nvidia.com/gpu: N}} says how many)`
        : `node "${node.name}": ${why}; this machine has no GPU, so it runs without one`,
    ],
  ];
}

/**
 * A program or script named by an absolute path this machine lacks (`python /nimue/main.py`,
 * `/opt/app/run.sh`): most likely a file of the step's image, which a run here does not use.
 */
function imageFilesRun(node: PlannedNode): Said[] {
  if (node.kind === 'deployment') return [];
  const paths = node.step.command
    .flatMap((command) => command.split(/&&|\|\||[;\n|]/))
    .map((line) => {
      const first = line.trim().split(/\s+/)[0] ?? '';
      return first.startsWith('/') ? first : scriptCall(line)?.script;
    })
    .filter((path): path is string => path !== undefined && path.startsWith('/') && !path.startsWith('/valohai/') && !existsSync(path));
  if (paths.length === 0) return [];
  const image = node.step.image === undefined ? "the step's image" : `the step's image ${node.step.image}`;
  return [[node.name, `node "${node.name}": its command runs ${[...new Set(paths)].join(', ')}, which this machine does not have (${image} likely does): pipewright run --container runs it there`]];
}

/** What a run sets in every execution's environment itself (prepare-execution.ts). */
const SET_BY_RUN = /^(VH_[A-Z_]+|CUDA_VISIBLE_DEVICES|CUDA_DEVICE_ORDER|PYTHONUNBUFFERED|PYTHONPATH)$/;

/**
 * `$NAME` in a command that nothing here gives (no step variable, not this shell, not the project's
 * .env, not the command itself): on Valohai most such names come from the project's environment
 * variables, set in its web app (a database host, a token); here the command would read them empty.
 */
function variablesUnset(node: PlannedNode, env: Readonly<Record<string, string | undefined>>): Said[] {
  if (node.kind === 'deployment') return [];
  const declared = new Set(node.step.environmentVariables.map((v) => v.name));
  const unset = variablesRead(node.step.command.join('\n')).filter((name) => !declared.has(name) && !SET_BY_RUN.test(name) && env[name] === undefined);
  if (unset.length === 0) return [];
  const names = unset.map((n) => `$${n}`).join(', ');
  const one = unset[0] ?? '';
  return [
    [
      node.name,
      `node "${node.name}": its command reads ${names}, which nothing here sets (no step variable, nor this shell, nor the project's .env), so ${unset.length === 1 ? 'it is' : 'they are'} empty: on Valohai such names come from the project's environment variables or the image; give them for a run (--env ${one}=…, or in Run with…) or in the project's .env (${one}=…, kept out of git)`,
    ],
  ];
}

/** A command that makes or enters an environment of its own, which a later `pip install` installs into. */
const OWN_ENVIRONMENT = /\b(python[\d.]*\s+-m\s+venv|virtualenv|uv\s+venv|conda\s+(create|activate)|bin\/activate|poetry\s+(install|run)|pipenv)\b/;

/**
 * A `pip install` that reaches this machine's Python: not one after the command made or entered an
 * environment of its own (`uv venv; . .venv/bin/activate`), not `uv pip install` (which refuses to
 * touch a Python outside an environment unless given --system), not one into a folder (--target).
 */
function installsIntoMachine(commands: readonly string[]): boolean {
  const text = commands.join('\n');
  const install = /\b(uv\s+)?pip3?\s+install\b[^\n;&|]*/g;
  for (const found of text.matchAll(install)) {
    const [whole, uv] = found;
    if (OWN_ENVIRONMENT.test(text.slice(0, found.index))) return false;
    if (/\s(-t|--target)[\s=]/.test(whole)) continue;
    if (uv !== undefined && !/\s--system\b/.test(whole)) continue;
    return true;
  }
  return false;
}

/** `pip install` in a command installs into the Python it finds here, not into an image: said when no virtual environment is active. */
function installsHere(node: PlannedNode, env: Readonly<Record<string, string | undefined>>): Said[] {
  if (node.kind === 'deployment' || env['VIRTUAL_ENV'] || env['CONDA_PREFIX'] || !installsIntoMachine(node.step.command)) return [];
  return [[node.name, `node "${node.name}": its command runs pip install, which here installs into this machine's Python, as no virtual environment is active (python3 -m venv .venv && . .venv/bin/activate, then run from that shell)`]];
}
