/**
 * The shell lines an exported execution runs before its command, inside its container: the
 * Valohai folders (`/valohai/inputs|outputs|config`), input files taken from what Argo placed
 * (upstream artifacts, downloads, files of the repository), and the config files valohai-utils
 * reads. POSIX sh only: the step's image may have nothing more.
 */
import { shellQuote } from '../../run/python-format.ts';
import type { KeepDirectories } from '../../valohai/model/input.ts';

export const VALOHAI = '/valohai';
export const REPOSITORY = `${VALOHAI}/repository`;
/** Where the repository is cloned when the project is a folder of it: `/valohai/repository` is then a link to that folder. */
export const CLONE = '/pipewright/clone';
/** Where Argo puts the artifacts an input takes from upstream, one folder each, before they are sorted. */
export const UPSTREAM = '/pipewright/upstream';

/** Files an input takes from a folder Argo filled: those matching `pattern`, placed as `keep` says. */
export interface Take {
  readonly input: string;
  readonly from: string;
  /** A shell `case` pattern over paths relative to `from`, `*` for every file. */
  readonly pattern: string;
  readonly keep: KeepDirectories;
}

const FUNCTIONS = String.raw`pw_take() {
  [ -d "$1" ] || return 0
  (cd "$1" && find . -type f | sed 's|^\./||') | while IFS= read -r f; do
    case "$f" in $2) ;; *) continue ;; esac
    if [ "$4" = none ]; then t="$3/$(basename "$f")"; else t="$3/$f"; fi
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
  /** Input files that are the repository's own files: `[input, path or shell glob]`. */
  readonly fromRepository: readonly (readonly [string, string])[];
  /** The project's folder in a clone of a larger repository, linked as `/valohai/repository`. */
  readonly clone?: string | undefined;
  /** Texts Argo substitutes at run time (`{{inputs.parameters.…}}`), or fixed ones. */
  readonly parametersJson: string;
  readonly executionJson: string;
}

/** The lines before the command; the command runs after them in the repository folder. */
export function prelude(spec: PreludeSpec): string {
  const lines = ['set -e', FUNCTIONS, `mkdir -p ${VALOHAI}/inputs ${VALOHAI}/outputs ${VALOHAI}/config`];
  if (spec.clone) lines.push(`ln -sfn ${shellQuote(spec.clone)} ${REPOSITORY}`);
  for (const input of spec.inputs) lines.push(`mkdir -p ${shellQuote(`${VALOHAI}/inputs/${input}`)}`);
  for (const [input, path] of spec.fromRepository) {
    // A glob stays unquoted so the shell expands it; anything else is quoted.
    const source = /[*?[]/.test(path) ? `${REPOSITORY}/${path.replace(/[^A-Za-z0-9_./*?[\]-]/g, (c) => `\\${c}`)}` : shellQuote(`${REPOSITORY}/${path}`);
    lines.push(`for f in ${source}; do [ -e "$f" ] && cp -R "$f" ${shellQuote(`${VALOHAI}/inputs/${input}/`)}; done`);
  }
  for (const take of spec.takes) {
    lines.push(`pw_take ${shellQuote(take.from)} ${shellQuote(take.pattern)} ${shellQuote(`${VALOHAI}/inputs/${take.input}`)} ${take.keep}`);
  }
  lines.push(heredoc(`${VALOHAI}/config/parameters.json`, spec.parametersJson));
  lines.push(heredoc(`${VALOHAI}/config/execution.json`, spec.executionJson));
  lines.push(`pw_inputs_json > ${VALOHAI}/config/inputs.json`);
  lines.push(`mkdir -p ${REPOSITORY} && cd ${REPOSITORY}`);
  return lines.join('\n');
}
