import { useEffect, useMemo, useState } from 'react';
import { pipelineLevels } from '../../shared/graph/levels.ts';
import type { Diagnostic } from '../../shared/valohai/diagnostic.ts';
import { importValohaiYaml } from '../../shared/valohai/import.ts';
import type { PipewrightBridge, ProjectSnapshot } from '../../shared/api/project.ts';

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; project: ProjectSnapshot };

function DiagnosticRow({ diagnostic }: { diagnostic: Diagnostic }) {
  return (
    <li className={`diagnostic ${diagnostic.severity}`}>
      <span className="where">
        {diagnostic.line}:{diagnostic.column}
      </span>{' '}
      {diagnostic.message}
    </li>
  );
}

export function App({ api }: { api: PipewrightBridge }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [selected, setSelected] = useState<string | undefined>();
  useEffect(() => {
    api.readProject().then(
      (project) => setLoaded({ state: 'ready', project }),
      (error: unknown) => setLoaded({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, [api]);
  const imported = useMemo(() => (loaded.state === 'ready' ? importValohaiYaml(loaded.project.text) : undefined), [loaded]);
  if (loaded.state === 'loading') return <main className="app" data-app-state="loading">Opening project…</main>;
  if (loaded.state === 'failed' || !imported) {
    return (
      <main className="app" data-app-state="failed">
        <p role="alert">Could not open the project: {loaded.state === 'failed' ? loaded.message : ''}</p>
      </main>
    );
  }
  const pipelines = imported.config.pipelines;
  const pipeline = pipelines.find((p) => p.name === selected) ?? pipelines[0];
  const levels = pipeline ? pipelineLevels(pipeline).levels : [];
  return (
    <main className="app" data-app-state="ready">
      <header>
        <h1>Pipewright</h1>
        <span className="path">{loaded.state === 'ready' ? loaded.project.path : ''}</span>
      </header>
      <nav aria-label="Pipelines">
        {pipelines.map((p) => (
          <button key={p.name} aria-pressed={p === pipeline} onClick={() => setSelected(p.name)}>
            {p.name}
          </button>
        ))}
      </nav>
      {pipeline && (
        <section aria-label="Execution order">
          <h2>{pipeline.name}</h2>
          <ol className="levels">
            {levels.map((level, i) => (
              <li key={i} className="level">
                {level.map((name) => (
                  <span key={name} className="node" data-node={name}>
                    {name}
                  </span>
                ))}
              </li>
            ))}
          </ol>
        </section>
      )}
      <section aria-label="Problems">
        <h2>Problems ({imported.diagnostics.length})</h2>
        <ul className="problems">
          {imported.diagnostics.map((d, i) => (
            <DiagnosticRow key={i} diagnostic={d} />
          ))}
        </ul>
      </section>
    </main>
  );
}
