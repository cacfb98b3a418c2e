/**
 * "Run each step in its image" in Run with…: offered with the runtime that would run them (Docker
 * or Podman, as `pipewright machine` says), or not offered, with the reason, where none can.
 */
import { useEffect, useState } from 'react';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';

type Runtime = ApiResult<'containers.runtime'>;

export function InImageChoice({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const api = useApi();
  const [runtime, setRuntime] = useState<Runtime | undefined>();
  useEffect(() => {
    let live = true;
    api.call('containers.runtime', {}).then(
      (found) => live && setRuntime(found),
      (error: unknown) => live && setRuntime({ available: false, why: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [api]);
  const usable = runtime?.available === true;
  return (
    <label className="check">
      <input type="checkbox" checked={checked && usable} disabled={!usable} onChange={(e) => onChange(e.target.checked)} />
      <span>
        Run each step in its image, as Valohai does (its folders at /valohai/…, only its own variables)
        {/* One line of its own whatever it says, so that the dialog's buttons stay where they are when the answer comes. */}
        <span className="field-hint one-line" data-testid="in-image-runtime" title={runtime?.available === false ? runtime.why : undefined}>
          {runtime === undefined ? 'looking for Docker or Podman…' : runtime.available ? `with ${runtime.runtime} ${runtime.version}` : `not here: ${runtime.why}`}
        </span>
      </span>
    </label>
  );
}
