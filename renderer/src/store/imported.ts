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
