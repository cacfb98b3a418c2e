/**
 * The shell lines an exported execution runs before its command, inside its container: the
 * Valohai folders (`/valohai/inputs|outputs|config`), input files taken from what Argo placed
 * (upstream artifacts, downloads, files of the repository), and the config files valohai-utils
 * reads. POSIX sh only: the step's image may have nothing more.
 */
import { shellQuote } from '../../run/python-format.ts';
import { hasWildcard, wildcardRoot } from '../../run/valohai-glob.ts';
import type { KeepDirectories } from '../../valohai/model/input.ts';

export const VALOHAI = '/valohai';
export const REPOSITORY = `${VALOHAI}/repository`;
/** Where the repository is cloned when the project is a folder of it: `/valohai/repository` is then a link to that folder. */
export const CLONE = '/pipewright/clone';
/** Where Argo puts the artifacts an input takes from upstream, one folder each, before they are sorted. */
export const UPSTREAM = '/pipewright/upstream';
/** Where Argo puts the bucket folders a wildcard input URL names, one folder each, before their matches are taken. */
export const FETCHED = '/pipewright/fetched';

/** Files an input takes from a folder Argo filled: those matching `pattern`, placed as `keep` says. */
export interface Take {
  readonly input: string;
  readonly from: string;
  /** A shell `case` pattern over paths relative to `from`, `*` for every file. */
  readonly pattern: string;
  readonly keep: KeepDirectories;
  /** `from` holds a node's outputs (not the files it was given): their metadata files are left out. */
  readonly outputs: boolean;
}

// pw_take FROM PATTERN INTO KEEP ROOT OUTPUTS [PATTERN2]: a case pattern's * crosses /, as
// Valohai's does; ROOT (the pattern's folder before its wildcard) is what keep-directories: suffix
// drops; OUTPUTS=yes: FROM holds a node's outputs, whose metadata files (FILE.metadata.json beside
// FILE, valohai.metadata.jsonl) are none, as in a run here.
// (Parameter expansions, which the template below cannot write itself.)
const DROP_ROOT = '${f#"$5"}';
const DESCRIBED = '${f%.metadata.json}';
const FUNCTIONS = String.raw`pw_take() {
  [ -d "$1" ] || return 0
  (cd "$1" && find . -type f ! -path './.git/*' | sed 's|^\./||') | while IFS= read -r f; do
    case "$f" in $2|$7) ;; *) continue ;; esac
    if [ "$6" = yes ]; then
      case "$f" in valohai.metadata.jsonl) continue ;; *.metadata.json) [ -f "$1/${DESCRIBED}" ] && continue ;; esac
    fi
    if [ "$4" = none ]; then t="$3/$(basename "$f")"; elif [ "$4" = suffix ]; then t="$3/${DROP_ROOT}"; else t="$3/$f"; fi
    [ -e "$t" ] && t="$3/$(basename "$1")/$f"
    mkdir -p "$(dirname "$t")" && cp "$1/$f" "$t"
  done
}
pw_json() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
pw_inputs_json() {
  printf '{'; first=1
  for d in /valohai/inputs/*/; do
    [ -d "$d" ] || continue
    n=$(basename "$d"); [ $first = 1 ] || printf ','; first=0
    printf '"%s": {"files": [' "$(pw_json "$n")"; sep=''
    find "$d" -type f | while IFS= read -r f; do
      printf '%s{"name": "%s", "path": "%s", "size": %s}' "$sep" "$(pw_json "$(basename "$f")")" "$(pw_json "$f")" "$(wc -c < "$f" | tr -d ' ')"; sep=','
    done
    printf ']}'
  done
  printf '}\n'
}`;

function heredoc(path: string, text: string): string {
  let marker = 'PIPEWRIGHT_EOF';
  while (text.includes(marker)) marker += '_';
  return `cat > ${shellQuote(path)} <<'${marker}'\n${text.endsWith('\n') ? text : `${text}\n`}${marker}`;
}

export interface PreludeSpec {
  readonly inputs: readonly string[];
  readonly takes: readonly Take[];
  /** Input files that are the repository's own files: a path, or a pattern (see shared/run/valohai-glob.ts). */
  readonly fromRepository: readonly { readonly input: string; readonly path: string; readonly keep: KeepDirectories }[];
  /** The project's folder in a clone of a larger repository, linked as `/valohai/repository`. */
  readonly clone?: string | undefined;
  /** Texts Argo substitutes at run time (`{{inputs.parameters.…}}`), or fixed ones. */
  readonly parametersJson: string;
  readonly executionJson: string;
}

/** A pw_take line; a pattern's `**` + `/` may match no folder, so it is also tried without them. */
function take(from: string, pattern: string, into: string, keep: KeepDirectories, outputs: boolean): string {
  const bare = pattern.replaceAll('**/', '');
  const args = [from, pattern, into, keep, wildcardRoot(pattern), outputs ? 'yes' : 'no', ...(bare === pattern ? [] : [bare])];
  return `pw_take ${args.map(shellQuote).join(' ')}`;
}

/** The lines before the command; the command runs after them in the repository folder. */
export function prelude(spec: PreludeSpec): string {
  const lines = ['set -e', FUNCTIONS, `mkdir -p ${VALOHAI}/inputs ${VALOHAI}/outputs ${VALOHAI}/config`];
  if (spec.clone) lines.push(`ln -sfn ${shellQuote(spec.clone)} ${REPOSITORY}`);
  for (const input of spec.inputs) lines.push(`mkdir -p ${shellQuote(`${VALOHAI}/inputs/${input}`)}`);
  for (const { input, path, keep } of spec.fromRepository) {
    const into = `${VALOHAI}/inputs/${input}`;
    const source = shellQuote(`${REPOSITORY}/${path}`);
    // (An optional input's file may be absent: nothing is copied.)
    lines.push(hasWildcard(path) ? take(REPOSITORY, path, into, keep, false) : `[ ! -e ${source} ] || cp -R ${source} ${shellQuote(`${into}/`)}`);
  }
  for (const t of spec.takes) lines.push(take(t.from, t.pattern, `${VALOHAI}/inputs/${t.input}`, t.keep, t.outputs));
  lines.push(heredoc(`${VALOHAI}/config/parameters.json`, spec.parametersJson));
  lines.push(heredoc(`${VALOHAI}/config/execution.json`, spec.executionJson));
  lines.push(`pw_inputs_json > ${VALOHAI}/config/inputs.json`);
  lines.push(`mkdir -p ${REPOSITORY} && cd ${REPOSITORY}`);
  return lines.join('\n');
}
