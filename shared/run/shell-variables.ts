/**
 * The environment variables a step's command reads (`$NAME`, `${NAME}`) that it does not give
 * itself (`NAME=…`, `export NAME=…`, `for NAME in`, `read NAME`) nor guard (`${NAME:-default}`).
 * (A command that sources a file or evals text is taken to give itself anything.)
 * On Valohai such a name usually comes from the project's environment variables (a database host,
 * a token) set in its web app: a run here has them only if something here gives them.
 */

/** Variables a shell sets for itself, never from the environment. */
const SHELL_OWN = new Set(['RANDOM', 'LINENO', 'SECONDS', 'PWD', 'OLDPWD', 'IFS', 'PPID', 'UID', 'EUID', 'GROUPS', 'HOSTNAME', 'HOSTTYPE', 'OSTYPE', 'MACHTYPE', 'OPTIND', 'OPTARG', 'REPLY', 'PIPESTATUS', 'FUNCNAME', 'SHLVL', 'PS1', 'PS2', 'PS4', 'EPOCHSECONDS', 'EPOCHREALTIME', 'SRANDOM', 'BASHPID']);

/** `$NAME` and `${NAME}` read where the shell expands them (not in single quotes, not `\$`), unless given a default. */
export function variablesRead(command: string): string[] {
  // A file sourced, or text eval'd, may set anything: nothing is said of such a command.
  if (/(?:^|[\s;&|(])(?:source|\.|eval)\s+\S/.test(command)) return [];
  const read = new Set<string>();
  let state: 'plain' | 'single' | 'double' = 'plain';
  for (let i = 0; i < command.length; i += 1) {
    const c = command[i];
    if (state === 'single') {
      if (c === "'") state = 'plain';
      continue;
    }
    if (c === '\\') i += 1;
    else if (c === "'" && state === 'plain') state = 'single';
    else if (c === '"') state = state === 'double' ? 'plain' : 'double';
    else if (c === '$') {
      const rest = command.slice(i + 1);
      const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}/.exec(rest);
      // `${NAME:-x}`, `${NAME-x}`, `${NAME:=x}`, `${NAME+x}`, `${NAME:?x}`: the command says what happens when it is unset.
      if (braced?.[1] !== undefined) {
        if (!/^:?[-=?+]/.test(braced[2] ?? '')) read.add(braced[1]);
      } else {
        const plain = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
        if (plain !== undefined) read.add(plain);
      }
    }
  }
  const given = variablesGiven(command);
  return [...read].filter((name) => !given.has(name) && !SHELL_OWN.has(name) && !name.startsWith('BASH'));
}

/** Names the command sets itself before (or instead of) reading them. */
function variablesGiven(command: string): Set<string> {
  const given = new Set<string>();
  for (const m of command.matchAll(/(?:^|[\s;&|(`])(?:(?:export|local|readonly|declare|typeset)\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)\+?=/g)) if (m[1]) given.add(m[1]);
  for (const m of command.matchAll(/\b(?:export|local|readonly|declare|typeset)\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]*(?:\s+[A-Za-z_][A-Za-z0-9_]*)*)/g)) for (const name of (m[1] ?? '').split(/\s+/)) given.add(name);
  for (const m of command.matchAll(/\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) if (m[1]) given.add(m[1]);
  for (const m of command.matchAll(/\bread\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]*(?:\s+[A-Za-z_][A-Za-z0-9_]*)*)/g)) for (const name of (m[1] ?? '').split(/\s+/)) given.add(name);
  return given;
}
