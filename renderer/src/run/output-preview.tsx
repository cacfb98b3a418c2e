/** A node's output files in the inspector; a click shows one: its text (a CSV as a table, JSON indented), its image, or its size. */
import { useEffect, useState } from 'react';
import type { ApiResult, OutputPreview } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';
import { isTableFile } from './csv-rows.ts';
import { CsvTable } from './csv-table.tsx';
import { readableJson } from './json-text.ts';

type OutputFile = ApiResult<'outputs.list'>['files'][number];

export function OutputFiles({ runId, node, files }: { runId: string; node: string; files: readonly OutputFile[] }) {
  const api = useApi();
  const [open, setOpen] = useState<OutputFile | undefined>(undefined);
  const [preview, setPreview] = useState<OutputPreview | { kind: 'error'; message: string } | undefined>(undefined);
  const [asText, setAsText] = useState(false);
  const many = new Set(files.map((f) => f.execution)).size > 1;
  // Another run shown (the picker, a new run): the open file was one of the old run's.
  useEffect(() => setOpen(undefined), [runId]);
  useEffect(() => {
    setPreview(undefined);
    if (!open) return;
    let live = true;
    api.call('output.read', { runId, node, execution: open.execution, path: open.path }).then(
      (result) => live && setPreview(result),
      (error: unknown) => live && setPreview({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, runId, node, open]);
  if (files.length === 0) return null;
  const same = (f: OutputFile): boolean => open?.execution === f.execution && open.path === f.path;
  return (
    <>
      <ul className="plain outputs">
        {files.map((f) => (
          <li key={`${f.execution}/${f.path}`}>
            <button type="button" className={`link${same(f) ? ' open' : ''}`} onClick={() => setOpen(same(f) ? undefined : f)} title="Show this file">
              <code>{many ? `[${f.execution}] ${f.path}` : f.path}</code>
            </button>{' '}
            <span className="muted">{f.size.toLocaleString()} bytes</span>
            {f.names.length > 0 && <span className="output-names" title="What later runs call this file (from its .metadata.json)"> {f.names.join(' ')}</span>}
          </li>
        ))}
      </ul>
      {open && (
        <div className="output-preview" data-testid="output-preview" aria-label={`Output ${open.path}`}>
          {!preview && <p className="muted">Reading {open.path}…</p>}
          {preview?.kind === 'image' && <img src={`data:${preview.mime};base64,${preview.base64}`} alt={open.path} />}
          {preview?.kind === 'text' && (() => {
            const text = (
              <pre className="log">
                {preview.text}
                {preview.truncated ? `\n… (the first ${preview.text.length.toLocaleString()} characters of ${preview.size.toLocaleString()} bytes)` : ''}
              </pre>
            );
            const indented = readableJson(open.path, preview.text, preview.truncated);
            if (indented !== undefined) {
              return (
                <>
                  <button type="button" className="link view-toggle" onClick={() => setAsText(!asText)}>
                    {asText ? 'indented' : 'as written'}
                  </button>
                  {asText ? text : <pre className="log">{indented}</pre>}
                </>
              );
            }
            if (!isTableFile(open.path)) return text;
            return (
              <>
                <button type="button" className="link view-toggle" onClick={() => setAsText(!asText)}>
                  {asText ? 'as a table' : 'as text'}
                </button>
                {asText ? text : <CsvTable text={preview.text} path={open.path} size={preview.size} truncated={preview.truncated} otherwise={text} />}
              </>
            );
          })()}
          {preview?.kind === 'binary' && <p className="muted">A binary file of {preview.size.toLocaleString()} bytes: nothing to show here.</p>}
          {preview?.kind === 'error' && <p className="field-error">{preview.message}</p>}
        </div>
      )}
    </>
  );
}
