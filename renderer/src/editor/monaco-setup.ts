/**
 * Monaco from the local package, never a CDN: the editor core with its contributions, the YAML
 * and shell grammars, monaco-yaml fed with the upstream valohai.yaml JSON schema, and the workers
 * bundled by Vite (`?worker`), so it works offline and under the app's CSP.
 */
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/shell/shell.contribution.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
import schema from '../../../shared/valohai/schema/valohai-yaml.schema.json';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

/** The URI the project's model lives at; the schema is bound to it. */
export const VALOHAI_URI = monaco.Uri.parse('file:///project/valohai.yaml');

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  // The schema gives hovers and completion; its errors come once, with Pipewright's own
  // diagnostics (which include the same schema check), not twice.
  validate: false,
  hover: true,
  completion: true,
  schemas: [{ uri: 'https://pipewright.local/valohai-yaml.schema.json', fileMatch: [VALOHAI_URI.toString()], schema: schema as never }],
});

monaco.editor.defineTheme('pipewright', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#fbfbfd', 'editorLineNumber.foreground': '#9aa3b2' },
});

export { monaco };
