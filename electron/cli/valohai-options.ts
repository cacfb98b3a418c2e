/**
 * Options of Valohai's own CLI (`vh execution run`, `vh pipeline run`) that a Valohai user types
 * out of habit, and what stands for each here. Without this, `--adhoc` read as a parameter named
 * adhoc ("a parameter is given as --param adhoc=VALUE"), which it is not.
 */
const SAME_FOLDER = 'a run here takes the project folder as it is now, uncommitted changes and all; leave it out';
const COMMIT = 'a run here takes the project folder as it is; to run another commit, check it out in a folder of its own (git worktree add DIR SHA) and run there';
const WATCH = 'run shows its progress until the run ends; from another terminal, pipewright logs RUN NODE --follow';
const VAR = 'an environment variable is given as --env NAME=VALUE';
const MACHINE = 'a run here goes on this machine, within its cores, memory and GPUs (pipewright machine shows them); --container runs each step in its image';
const IMAGE = "--container runs each step in the image its step names; to run in another, change the step's image";
const TITLE = 'runs here are numbered and have no title';
const SYNC = 'outputs stay in the project under .pipewright/executions/ID/outputs, and run prints where each node’s are';

/** By option name (long, or vh's one-letter form), what to say of it. */
const SAID: Readonly<Record<string, string>> = {
  adhoc: SAME_FOLDER,
  a: SAME_FOLDER,
  'git-packaging': SAME_FOLDER,
  'validate-adhoc': SAME_FOLDER,
  commit: COMMIT,
  c: COMMIT,
  watch: WATCH,
  w: WATCH,
  var: VAR,
  v: VAR,
  environment: MACHINE,
  e: MACHINE,
  image: IMAGE,
  i: IMAGE,
  title: TITLE,
  t: TITLE,
  tag: 'runs here are numbered and have no tags',
  sync: SYNC,
  s: SYNC,
  'open-browser': 'pipewright serve opens the project in the editor',
  yaml: "a run reads the valohai.yaml of the project folder (PATH), as Valohai does unless the project's settings name another file",
};

/** What stands here for `option` (as typed: `--adhoc`, `-a`) when it is Valohai's CLI's, else undefined. */
export function valohaiOption(option: string, names: readonly string[]): string | undefined {
  // `vh execution logs N --stream`.
  if (option === '--stream' && names.includes('follow')) return `${option} is an option of Valohai's CLI: here logs follows a running node with --follow`;
  // (Otherwise only the verbs that start runs, the ones a vh command line is carried over to.)
  if (!names.includes('node-param')) return undefined;
  const name = /^--(?:no-)?([a-z][a-z-]*)$/.exec(option)?.[1] ?? /^-([a-z])$/.exec(option)?.[1];
  const said = name !== undefined && Object.hasOwn(SAID, name) ? SAID[name] : undefined;
  if (said === undefined) return undefined;
  // export clones a commit of its own choosing: --revision.
  const theirs = `${option} is an option of Valohai's CLI`;
  if (said === COMMIT && names.includes('revision')) return `${theirs}: here the commit the pods clone is given as --revision SHA`;
  if (said.includes('--env') && !names.includes('env')) return undefined;
  return `${theirs}: ${said}`;
}

/** A name as it is typed on a command line: quoted where the shell would split it. */
export const typed = (name: string): string => (/^[\w.:/@+-]+$/.test(name) ? name : JSON.stringify(name));

/**
 * What to say of a command of Valohai's CLI typed here (`pipewright exec run train`, as `vh exec
 * run train`): the one that does it here; undefined when `verb` is none of its.
 */
export function valohaiCommand(verb: string, rest: readonly string[]): string | undefined {
  const here = hereFor(verb, rest);
  return here === undefined ? undefined : `\`${['vh', verb, ...rest.slice(0, 2)].map(typed).join(' ')}\` is Valohai's CLI's; here it is ${here}`;
}

function hereFor(verb: string, rest: readonly string[]): string | undefined {
  const [sub, name] = rest;
  const named = (flag: string): string => `pipewright run ${flag} ${name !== undefined && !name.startsWith('-') ? typed(name) : 'NAME'}`;
  switch (verb) {
    case 'exec':
    case 'execution':
      if (sub === 'run') return named('--step');
      if (sub === 'list') return 'pipewright runs';
      if (sub === 'logs') return 'pipewright logs RUN NODE';
      if (sub === 'watch') return 'pipewright logs RUN NODE --follow';
      if (sub === 'stop') return 'pipewright cancel RUN';
      if (sub === 'info' || sub === 'outputs' || sub === 'summarize') return 'pipewright show RUN';
      return 'pipewright run --step NAME; runs, show, logs and cancel for the runs';
    case 'pipeline':
      if (sub === 'run') return named('--pipeline');
      if (sub === 'stop') return 'pipewright cancel RUN';
      if (sub === 'list') return 'pipewright graph (the pipelines of valohai.yaml), pipewright runs (their runs)';
      return 'pipewright run --pipeline NAME; runs, show, logs and cancel for the runs';
    case 'task':
      return sub === 'stop' ? 'pipewright cancel RUN' : named('--task');
    case 'lint':
      return 'pipewright validate';
    case 'yaml':
      return sub === 'step' ? `pipewright add-step ${name !== undefined && !name.startsWith('-') ? typed(name) : 'SCRIPT'}` : 'pipewright add-step SCRIPT, or pipewright serve to draw a pipeline';
    case 'status':
      return 'pipewright runs';
    case 'watch':
      return 'pipewright logs RUN NODE --follow';
    default:
      return undefined;
  }
}
