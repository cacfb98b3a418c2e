/** The model of the current text, imported once per text however many components ask. */
import { importValohaiYaml, type ImportResult } from '../../../shared/valohai/import.ts';
import { useEditor } from './editor-store.ts';

let last: { text: string; result: ImportResult } | undefined;

export function importedOf(text: string): ImportResult {
  if (last?.text !== text) last = { text, result: importValohaiYaml(text) };
  return last.result;
}

export function useImported(): ImportResult {
  return importedOf(useEditor((s) => s.text));
}

/** Not YAML, or YAML that is not the list Valohai reads (`steps:` …, a map): nothing in it can be named or added to. */
export function isUnreadable({ source, diagnostics }: ImportResult): boolean {
  return source.data === undefined || diagnostics.some((d) => d.code === 'document-not-list');
}
