/**
 * The names this project's runs gave outputs (`datum://…`, `dataset://…`, the data.list call),
 * for the run dialog to offer and the node panel to explain; read again when a run ends.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { nearestName } from '../../../shared/nearest-name.ts';
import { inputUrlWith, parametersIn } from '../../../shared/run/input-url.ts';
import type { Parameter, ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import { useApi } from '../api/api-context.ts';
import { useRun } from './run-store.ts';

export type NamedData = ApiResult<'data.list'>['names'];

/**
 * The names as last read, so that a dialog opening shows them at once (the run bar reads them as
 * the editor opens), rather than growing under the user's pointer when they arrive.
 */
let lastRead: NamedData = [];

/** Asks every list to read the names again (a data add from the pipeline panel gave one). */
let round = 0;
const rereaders = new Set<(round: number) => void>();
export function readNamedDataAgain(): void {
  round += 1;
  for (const reread of rereaders) reread(round);
}

export function useNamedData(): NamedData {
  const api = useApi();
  const status = useRun((s) => s.status);
  const [named, setNamed] = useState<NamedData>(lastRead);
  const [asked, setAsked] = useState(round);
  useEffect(() => {
    rereaders.add(setAsked);
    return () => void rereaders.delete(setAsked);
  }, []);
  useEffect(() => {
    let live = true;
    api.call('data.list', {}).then(
      (r) => {
        lastRead = r.names;
        if (live) setNamed(r.names);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, status, asked]);
  return named;
}

/**
 * How the node fills `{parameter:NAME}` in its input URLs: the values it has now, and the
 * parameters set only as the run goes (an edge, a pipeline parameter, a sweep's children).
 */
export interface UrlFilling {
  readonly parameters: readonly Parameter[];
  readonly values: Readonly<Record<string, ParameterValue | undefined>>;
  readonly later: ReadonlySet<string>;
}

/** Under an input's field: what each datum:// or dataset:// default names now, or that nothing does yet. */
export function NamedDefaults({ urls, filling }: { urls: readonly string[]; filling: UrlFilling }) {
  const asked = urls.filter((url) => /^(datum|dataset):\/\//i.test(url));
  return asked.length === 0 ? null : <NamedList asked={asked} filling={filling} />;
}

function NamedList({ asked, filling }: { asked: readonly string[]; filling: UrlFilling }) {
  const named = useNamedData();
  return (
    <ul className="plain named-defaults" data-testid="named-defaults">
      {asked.map((written) => {
        const later = parametersIn(written).filter((name) => filling.later.has(name));
        if (later.length > 0) {
          return (
            <li key={written} className="muted">
              {`${written}: filled with the node's ${later.map((n) => `"${n}"`).join(', ')} as it starts, so what it names is known then`}
            </li>
          );
        }
        const url = inputUrlWith(written, filling.values, filling.parameters);
        const shown = url === written ? url : `${written} (${url})`;
        const found = named.find((n) => n.url === url);
        const near = found ? undefined : nearestName(url, named.map((n) => n.url));
        return (
          <li key={written} className={found ? 'muted' : 'field-error'}>
            {found
              ? `${shown} names ${found.said} now`
              : `${shown}: no run here has named an output so yet (${near ? `did you mean ${near}?` : 'a step names one in FILE.metadata.json; files of yours take it under Named data in the pipeline panel'}), so a run would refuse it`}
          </li>
        );
      })}
    </ul>
  );
}

/** The pipeline panel's list of every name this project's runs gave outputs, as `pipewright data` lists them; `children` below it. */
export function NamedDataList({ children }: { children?: ReactNode }) {
  const named = useNamedData();
  return (
    <section data-testid="named-data">
      <h3>Named data</h3>
      {named.length > 0 && (
        <>
          <p className="field-hint">What this project&apos;s runs named (FILE.metadata.json, as on Valohai); an input may take any of these.</p>
          <ul className="plain named-data-list">
            {named.map((n) => (
              <li key={n.url}>
                <code>{n.url}</code> <span className="muted">{n.said}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {children}
    </section>
  );
}
