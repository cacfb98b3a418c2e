/** Monaco's completion of the names a valohai.yaml refers to (yaml-suggestions.ts), beside monaco-yaml's completion of its keys. */
import type { ValohaiConfig } from '../../../shared/valohai/model/config.ts';
import { monaco, VALOHAI_URI } from './monaco-setup.ts';
import { suggestionsAt } from './yaml-suggestions.ts';

let current: ValohaiConfig | undefined;
let registered = false;

/**
 * The file's model as last read: what its names are completed from. Half-typed, a line is often
 * not YAML yet (`- [prep`: a list not closed), and a file that does not parse has no names: the
 * names of the last one that did are kept, or an edge's list would be empty while it is typed.
 */
export function offerNames(config: ValohaiConfig, parsed: boolean): void {
  if (parsed || current === undefined) current = config;
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: ['.', ' ', '['],
    provideCompletionItems(model, position) {
      if (current === undefined || model.uri.toString() !== VALOHAI_URI.toString()) return { suggestions: [] };
      const line = model.getValueInRange(new monaco.Range(position.lineNumber, 1, position.lineNumber, position.column));
      const before = model.getValueInRange(new monaco.Range(1, 1, position.lineNumber, position.column));
      const found = suggestionsAt(current, line, before);
      if (!found) return { suggestions: [] };
      const range = new monaco.Range(position.lineNumber, position.column - found.word.length, position.lineNumber, position.column);
      return {
        suggestions: found.items.map((item, index) => ({
          label: item.label,
          kind: item.more ? monaco.languages.CompletionItemKind.Module : monaco.languages.CompletionItemKind.Value,
          detail: item.detail,
          insertText: item.label,
          range,
          sortText: String(index).padStart(4, '0'),
          // A node or a type leaves the next part to pick: its list opens at once.
          ...(item.more ? { command: { id: 'editor.action.triggerSuggest', title: 'next part' } } : {}),
        })),
      };
    },
  });
}
