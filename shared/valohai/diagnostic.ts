/**
 * Diagnostics: what import and validation say about a valohai.yaml, in a shape the CLI, the
 * canvas and Monaco can all show. Every diagnostic is located twice: by line/column in the text
 * and by the model object it concerns (`subject`), so a click on it can select a node or an edge.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A path into the YAML document: keys of maps and indexes of sequences, from the root. */
export type YamlPath = readonly (string | number)[];

/** What a diagnostic is about, so a UI can select it. */
export type Subject =
  | { readonly kind: 'document' }
  | { readonly kind: 'step'; readonly step: string }
  | { readonly kind: 'task'; readonly task: string }
  | { readonly kind: 'endpoint'; readonly endpoint: string }
  | { readonly kind: 'deployment'; readonly deployment: string }
  | { readonly kind: 'pipeline'; readonly pipeline: string }
  | { readonly kind: 'node'; readonly pipeline: string; readonly node: string }
  | { readonly kind: 'edge'; readonly pipeline: string; readonly edgeIndex: number }
  | { readonly kind: 'pipeline-parameter'; readonly pipeline: string; readonly parameter: string };

/**
 * A change that settles a diagnostic, where its message names what was most likely meant ("did
 * you mean …"): the editor offers it as one click. `path` is where it changes the file: the value
 * there replaced (`set-value`, a text), the key there renamed (`rename-key`), each `from` in the
 * value's text (a command's block of lines, say) written as `to` (`replace-text`), or an item
 * added to the list there, the list made where there is none (`add-item`: a port declared), or
 * lines `line`–`endLine` removed, when they still read `text` (`remove-lines`: a key written twice),
 * or written as `to` (`replace-lines`: a list item lined up with the others),
 * or the key there removed with its value (`remove-key`: a field Valohai does not read), or the
 * list item there removed (`remove-item`: an empty `-` left in a list), or the key there moved
 * with its value to `to` (`move-key`: a node's `parameters:` put under its `override:`, the
 * maps on the way made where there are none; refused where `to` is there already), or the list
 * item there written in place of the item `to` of the same list and taken out where it was
 * (`move-item`: of a name declared twice, the one Valohai uses put where Valohai puts it).
 */
export type Fix =
  | { readonly kind: 'set-value'; readonly label: string; readonly path: YamlPath; readonly value: string }
  | { readonly kind: 'rename-key'; readonly label: string; readonly path: YamlPath; readonly key: string }
  | { readonly kind: 'replace-text'; readonly label: string; readonly path: YamlPath; readonly from: string; readonly to: string }
  | { readonly kind: 'add-item'; readonly label: string; readonly path: YamlPath; readonly value: Readonly<Record<string, string>> }
  | { readonly kind: 'remove-lines'; readonly label: string; readonly path: YamlPath; readonly line: number; readonly endLine: number; readonly text: string }
  | { readonly kind: 'replace-lines'; readonly label: string; readonly path: YamlPath; readonly line: number; readonly endLine: number; readonly text: string; readonly to: string }
  | { readonly kind: 'remove-key'; readonly label: string; readonly path: YamlPath }
  | { readonly kind: 'remove-item'; readonly label: string; readonly path: YamlPath }
  | { readonly kind: 'move-key'; readonly label: string; readonly path: YamlPath; readonly to: YamlPath }
  | { readonly kind: 'move-item'; readonly label: string; readonly path: YamlPath; readonly to: YamlPath };

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable machine-readable identifier of the rule, e.g. `edge-unknown-node`. */
  readonly code: string;
  readonly message: string;
  /** 1-based line and column of the start of the offending text. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Where in the YAML structure (may be shorter than asked when the document is malformed). */
  readonly path: YamlPath;
  readonly subject: Subject;
  /** The field of the subject the diagnostic concerns, e.g. `override.parameters.lr`. */
  readonly field?: string;
  readonly fix?: Fix;
}

/** A diagnostic before it has been given a text position. */
export interface Finding {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly path: YamlPath;
  readonly subject: Subject;
  readonly field?: string;
  readonly fix?: Fix;
}

export const DOCUMENT: Subject = { kind: 'document' };

export function hasErrors(diagnostics: readonly { severity: Severity }[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The errors that leave a file unread as a whole (not YAML, not a list, empty): nothing in it can be named until they are fixed. */
export function unreadableErrors<T extends Diagnostic>(diagnostics: readonly T[]): T[] {
  return diagnostics.filter((d) => d.severity === 'error' && (d.code.startsWith('yaml-') || d.code === 'document-not-list' || d.code === 'document-empty'));
}

/** `errors` as a command says them: `intro`, then the first `limit` located in `file`, and how many more. */
export function saidErrors(intro: string, file: string, errors: readonly Diagnostic[], limit = 10): string {
  const said = errors.slice(0, limit).map((e) => `  ${file}:${e.line}:${e.column} ${e.message}`);
  if (errors.length > limit) said.push(`  …and ${errors.length - limit} more (pipewright validate lists them all)`);
  return `${intro}\n${said.join('\n')}`;
}

/** Sorts by position, then errors before warnings. */
export function sortDiagnostics<T extends Diagnostic>(diagnostics: readonly T[]): T[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return [...diagnostics].sort(
    (a, b) => a.line - b.line || a.column - b.column || rank[a.severity] - rank[b.severity],
  );
}
