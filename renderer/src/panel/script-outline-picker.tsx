/**
 * In the new-step form: what the Python script the command runs declares it takes (argparse,
 * click, valohai.prepare; read by the host, script-outline.ts), offered as the step's parameters
 * and inputs, each one a checkbox (all checked), with what was left out and why.
 */
import { useEffect, useState } from 'react';
import type { ScriptOutlineResult } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';

/** The top-level Python script a command runs (`python3 train.py {parameters}`), if it is one of `scripts`. */
export function scriptRunBy(command: string, scripts: readonly string[]): string | undefined {
  const run = /^\s*(?:python3?(?:\.\d+)?|\.\/)\s*(?:-u\s+)?['"]?([\w.-]+\.py)['"]?(\s|$)/.exec(command);
  const script = run?.[1];
  return script !== undefined && scripts.includes(script) ? script : undefined;
}

export interface Picked {
  readonly outline: ScriptOutlineResult | undefined;
  /** Names left unchecked: parameters and inputs the step will not get. */
  readonly unchecked: ReadonlySet<string>;
}

/** The outline of `script` (read when it changes), and what the user unchecked of it. */
export function useScriptOutline(script: string | undefined): Picked & { readonly toggle: (key: string) => void } {
  const api = useApi();
  const [outline, setOutline] = useState<ScriptOutlineResult | undefined>(undefined);
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    setOutline(undefined);
    setUnchecked(new Set());
    if (script === undefined) return;
    let live = true;
    api.call('script.outline', { script }).then(
      (read) => live && setOutline(read),
      () => undefined, // unreadable: nothing offered from it
    );
    return () => {
      live = false;
    };
  }, [api, script]);
  const toggle = (key: string): void =>
    setUnchecked((was) => {
      const now = new Set(was);
      if (!now.delete(key)) now.add(key);
      return now;
    });
  return { outline, unchecked, toggle };
}

const shown = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'string' ? JSON.stringify(value) : String(value));

export function ScriptOutlinePicker({ script, picked, toggle }: { script: string; picked: Picked; toggle: (key: string) => void }) {
  const { outline, unchecked } = picked;
  if (!outline || (outline.parameters.length === 0 && outline.inputs.length === 0 && outline.notes.length === 0)) return null;
  return (
    <fieldset className="script-outline" data-testid="script-outline">
      <legend>What {script} takes</legend>
      {outline.parameters.length > 0 && (
        <>
          <p className="field-hint">Its options, as the step&apos;s parameters (passed by {'{parameters}'} in the command, as the script reads them):</p>
          <ul className="plain">
            {outline.parameters.map((p) => (
              <li key={p.name}>
                <label className="check" title={p.description}>
                  <input type="checkbox" checked={!unchecked.has(`parameter:${p.name}`)} onChange={() => toggle(`parameter:${p.name}`)} />
                  <code>{p.name}</code> <span className="muted">{p.type}</span>
                  {p.default !== undefined && <span className="muted"> = {shown(p.default)}</span>}
                  {p.choices && <span className="muted"> ({shown(p.choices)})</span>}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      {outline.inputs.length > 0 && (
        <>
          <p className="field-hint">Its files, as the step&apos;s inputs:</p>
          <ul className="plain">
            {outline.inputs.map((i) => (
              <li key={i.name}>
                <label className="check">
                  <input type="checkbox" checked={!unchecked.has(`input:${i.name}`)} onChange={() => toggle(`input:${i.name}`)} />
                  <code>{i.name}</code>
                  {i.default !== undefined && <span className="muted"> ← {shown(i.default)}</span>}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      {outline.notes.length > 0 && (
        <details>
          <summary className="muted">Left out ({outline.notes.length})</summary>
          <ul className="plain notes">
            {outline.notes.map((note) => (
              <li key={note} className="field-hint">
                {note}
              </li>
            ))}
          </ul>
        </details>
      )}
    </fieldset>
  );
}

/** The parameters and inputs the step gets: those left checked. */
export function pickedItems(picked: Picked): { parameters: ScriptOutlineResult['parameters']; inputs: ScriptOutlineResult['inputs'] } {
  const { outline, unchecked } = picked;
  return {
    parameters: (outline?.parameters ?? []).filter((p) => !unchecked.has(`parameter:${p.name}`)),
    inputs: (outline?.inputs ?? []).filter((i) => !unchecked.has(`input:${i.name}`)),
  };
}
