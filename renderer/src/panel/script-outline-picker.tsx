/**
 * In the new-step form: what the Python script the command runs declares it takes (argparse,
 * click, typer, fire, Hydra, valohai.prepare; read by the host, script-outline.ts), offered as the step's parameters
 * and inputs, each one a checkbox (all checked), with what was left out and why.
 */
import { useEffect, useState } from 'react';
import type { ScriptOutlineResult } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';
import { missingFromStep, parametersNotTaken, PARSERS, scriptRunBy, subcommandOf, type Picked, type StepLike } from './script-outline-items.ts';

export { pickedItems, scriptRunBy } from './script-outline-items.ts';

/**
 * The outline of `script` (of its `command`, in a script of several; read when either changes,
 * and with `onFocus` again each time the window comes back into focus: the script was being
 * edited elsewhere), and what the user unchecked of it.
 */
export function useScriptOutline(script: string | undefined, command: string | undefined, onFocus = false): Picked & { readonly toggle: (key: string) => void } {
  const api = useApi();
  const [outline, setOutline] = useState<ScriptOutlineResult | undefined>(undefined);
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const [reads, setReads] = useState(0);
  useEffect(() => {
    if (!onFocus) return;
    const again = (): void => setReads((n) => n + 1);
    window.addEventListener('focus', again);
    return () => window.removeEventListener('focus', again);
  }, [onFocus]);
  useEffect(() => setUnchecked(new Set()), [script, command]);
  useEffect(() => {
    if (script === undefined) {
      setOutline(undefined);
      return;
    }
    let live = true;
    api.call('script.outline', { script, ...(command !== undefined ? { command } : {}) }).then(
      (read) => live && setOutline(read),
      () => live && setOutline(undefined), // unreadable: nothing offered from it
    );
    return () => {
      live = false;
    };
  }, [api, script, command, reads]);
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
  if (!outline || (outline.parameters.length === 0 && outline.inputs.length === 0 && outline.environment.length === 0 && outline.notes.length === 0)) return null;
  return (
    <fieldset className="script-outline" data-testid="script-outline">
      <legend>What {script} takes</legend>
      {outline.parameters.length > 0 && (
        <>
          <p className="field-hint">
            Its options{outline.modules.length > 0 && <> (declared in {outline.modules.join(', ')}, which it imports)</>}, as the step&apos;s parameters (passed by {'{parameters}'} in the command, as the script reads them):
          </p>
          <ul className="plain">
            {outline.parameters.map((p) => (
              <li key={p.name}>
                <label className="check" title={p.description}>
                  <input type="checkbox" checked={!unchecked.has(`parameter:${p.name}`)} onChange={() => toggle(`parameter:${p.name}`)} />
                  <code>{p.name}</code> <span className="muted">{p.type}</span>
                  {p.default !== undefined && <span className="muted"> = {shown(p.default)}</span>}
                  {p.choices && <span className="muted"> ({shown(p.choices)})</span>}
                  {p['pass-as'] === '{v}' && <span className="muted"> · positional</span>}
                  {p.multiple !== undefined && <span className="muted"> · one or more</span>}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      <CheckedItems
        said="Its files, as the step's inputs:"
        items={outline.inputs.map((i) => ({ key: `input:${i.name}`, name: i.name, more: i.default !== undefined ? ` ← ${shown(i.default)}` : '' }))}
        unchecked={unchecked}
        toggle={toggle}
      />
      <CheckedItems
        said="The environment variables it reads, as the step's:"
        items={outline.environment.map((v) => ({ key: `env:${v.name}`, name: v.name, more: v.default !== undefined ? ` = ${shown(v.default)}` : v.optional === false ? ' · required' : '' }))}
        unchecked={unchecked}
        toggle={toggle}
      />
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

/**
 * In a step's panel: what the script it runs declares and the step lacks (an option added to the
 * script since the step was made), with a button that adds it all. An option counts as there when a
 * parameter of the step passes it, whatever that parameter is named.
 */
export function ScriptAdditions({ step, onAdd }: { step: StepLike; onAdd: (items: { parameters: ScriptOutlineResult['parameters']; inputs: ScriptOutlineResult['inputs']; environment: ScriptOutlineResult['environment'] }) => void }) {
  // (Any script the command names: the host reads one of the project's own, a script written since the project opened too.)
  const line = step.command.find((l) => scriptRunBy(l) !== undefined);
  const script = line === undefined ? undefined : scriptRunBy(line);
  const { outline } = useScriptOutline(script, line === undefined ? undefined : subcommandOf(line), true);
  if (!outline || script === undefined) return null;
  const { parameters, inputs, environment } = missingFromStep(step, outline);
  // Where the script's text shows every option it takes: the parameters its parser would refuse.
  const refused = outline.accepts === null ? [] : parametersNotTaken(step, outline.accepts);
  const parser = PARSERS[outline.accepts?.parser ?? 'argparse'];
  if (parameters.length === 0 && inputs.length === 0 && environment.length === 0 && refused.length === 0) return null;
  const names = [...parameters.map((p) => `${p.name} (${p.type}${p.default !== undefined ? ` = ${shown(p.default)}` : ''})`), ...inputs.map((i) => `input ${i.name}`), ...environment.map((v) => `variable ${v.name}`)];
  return (
    <div className="script-additions" data-testid="script-additions">
      {refused.length > 0 && (
        <p className="field-error" data-testid="script-refuses">
          {script} does not take {refused.map((r) => (r.option === `--${r.parameter}` ? r.option : `${r.option} (parameter ${r.parameter})`)).join(', ')}: its {parser.said} would stop the run with
          &ldquo;{parser.stops}&rdquo; (rename the parameter, or give it a pass-as the script takes).
        </p>
      )}
      {names.length > 0 && (
        <>
          <p className="field-hint">
            {script} also takes {names.join(', ')}, which this step does not pass.
          </p>
          <button type="button" className="secondary" onClick={() => onAdd({ parameters, inputs, environment })}>
            Add {names.length === 1 ? 'it' : `these ${names.length}`} to the step
          </button>
        </>
      )}
    </div>
  );
}

/** A list of what the step gets, each a checkbox (all checked until unchecked), under what it is. */
function CheckedItems({ said, items, unchecked, toggle }: { said: string; items: readonly { key: string; name: string; more: string }[]; unchecked: ReadonlySet<string>; toggle: (key: string) => void }) {
  if (items.length === 0) return null;
  return (
    <>
      <p className="field-hint">{said}</p>
      <ul className="plain">
        {items.map((item) => (
          <li key={item.key}>
            <label className="check">
              <input type="checkbox" checked={!unchecked.has(item.key)} onChange={() => toggle(item.key)} />
              <code>{item.name}</code>
              {item.more !== '' && <span className="muted">{item.more}</span>}
            </label>
          </li>
        ))}
      </ul>
    </>
  );
}
