/** Monaco's side-effect entry points ship without typings; they are imported only for their effects. */
declare module 'monaco-editor/esm/vs/editor/edcore.main.js';
declare module 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
declare module 'monaco-editor/esm/vs/basic-languages/shell/shell.contribution.js';
declare module 'monaco-editor/esm/vs/editor/editor.worker.js?worker' {
  const WorkerFactory: new () => Worker;
  export default WorkerFactory;
}
declare module 'monaco-yaml/yaml.worker.js?worker' {
  const WorkerFactory: new () => Worker;
  export default WorkerFactory;
}
