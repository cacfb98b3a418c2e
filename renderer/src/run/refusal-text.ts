/**
 * Why a run cannot start, as the editor says it. The runner's reasons name the command line's
 * flags (`--node-input train.data=PATH or URL`); here they name what to click instead ("Run with…"
 * takes pipeline parameters and node inputs for one run; a node's own parameter is set in its panel).
 */
const EDITOR_WORDS: readonly (readonly [RegExp, string])[] = [
  // An optional input given no files: Run with… has a box for it (a step or task alone names its input as its node does).
  [/(step|task) "([^"]+)": input "([^"]+)"(.*?) \(or none: --input [^\s=]+=\)/g, '$1 "$2": input "$3"$4 (or none: Run with… → $2.$3, no files this run)'],
  [/ \(or none: --node-input ([^\s=]+)=\)/g, ' (or none: Run with… → $1, no files this run)'],
  // A node that failed on an optional input's default (files/inputs.ts): the same box.
  [/; the input is optional: --(?:node-)?input ([^\s=]+)= runs (the node|it) without it/g, '; the input is optional: “no files this run” for $1 in Run with… runs $2 without it'],
  // An input with no default: the node's panel (its Inputs) or the step's takes one, or an edge into it.
  [/node "([^"]+)": input "([^"]+)" has no default and no edge feeding it \((.*?)give it one in the file, or/g, 'node "$1": input "$2" has no default and no edge feeding it ($3connect an output to it, give it one under Inputs in node $1’s panel or its step’s, or'],
  [/(step|task) "([^"]+)": input "([^"]+)" has no default \((.*?)give it one in the file, or/g, '$1 "$2": input "$3" has no default ($4give it one under Inputs in the step’s panel, or'],
  // A step or task run alone: its Run with… names the input as the node does (`score.model`).
  [/(step|task) "([^"]+)": input "([^"]+)"(.*?)for one run: --input [^\s=]+=PATH or URL/g, '$1 "$2": input "$3"$4for one run: Run with… → $2.$3'],
  [/for one run: --node-input ([^\s=]+)=PATH or URL/g, 'for one run: Run with… → $1'],
  [/for one run: --param ([^\s=]+)=VALUE/g, 'for one run: Run with… → $1'],
  [/give the pipeline parameter one value: --param ([^\s=]+)=VALUE/g, 'give the pipeline parameter one value: Run with… → $1'],
  [/or for one run: --node-param ([^\s.=]+)\.([^\s=]+)=VALUE/g, 'or give it one in node $1’s panel'],
  // A plan's reason (plan-preview.tsx): Run with… has a box where the command line has --cache.
  [/\(set reuse-executions: true on the pipeline, or pass --cache\)/g, '(tick “Reuse the results of unchanged nodes” above, or set reuse-executions on the pipeline)'],
  // A required environment variable: Run with… has its field; the shell is the editor's own.
  [/give it for this run \(--env ([^\s=]+)=…, or in Run with…\), set it in the shell that starts the run \(export [^\s=]+=…\) or in the project's \.env \(([^\s=]+=…), kept out of git\), or give it a default in the file/g, 'give it for this run in Run with… → $1, put it in the project’s .env file ($2, kept out of git), or give it a default in the step’s panel (edit on the step)'],
];

/** A runner's message with the command line's flags named as what to click. */
export function inEditorWords(message: string): string {
  let text = message;
  for (const [flag, words] of EDITOR_WORDS) text = text.replace(flag, words);
  return text;
}

export function refusalText(message: string): string {
  return led(inEditorWords(message), 'the run cannot start');
}

/** `text` led by `lead` once, capitalized: the runner's own refusals start with it already. */
function led(text: string, lead: string): string {
  return text.toLowerCase().startsWith(lead) ? `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}` : `${lead[0]?.toUpperCase() ?? ''}${lead.slice(1)}: ${text}`;
}

/**
 * An export's refusals name flags of `pipewright export` (`for this export: --node-input …`) that
 * the editor's "Export to Argo Workflows" has no box for: what the file can be given is said instead.
 */
const EXPORT_WORDS: readonly (readonly [RegExp, string])[] = [
  [/, or for this export: --node-param ([^\s.=]+)\.[^\s=]+=VALUE/g, ', or give it one in node $1’s panel'],
  [/, or for this export: --(?:node-)?(?:input|param) [^\s=]+=(?:PATH or URL|VALUE)/g, ''],
];

/** Why a pipeline cannot be exported, as the editor says it. */
export function exportRefusalText(message: string): string {
  // (An optional input's "or none" first: the run's words would name Run with… for it.)
  let text = inEditorWords(message.replace(/(for this export: --(?:node-)?input [^\s=]+=PATH or URL) \(or none: [^)]*\)/g, '$1'));
  for (const [flag, words] of EXPORT_WORDS) text = text.replace(flag, words);
  return led(text, 'the pipeline cannot be exported');
}
