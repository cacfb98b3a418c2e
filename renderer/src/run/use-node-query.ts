/**
 * A view of one node of a run read from the run store (`executions.list`, `metadata.series`, `usage.series`):
 * asked when the node or its status changes, and again every second while it runs.
 */
import { useEffect, useState } from 'react';
import type { ApiParams, ApiResult } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';

const REFRESH_MS = 1000;

type NodeQuery = 'executions.list' | 'metadata.series' | 'usage.series';

/** The answer to `method` for this node, or undefined before the first (and after a failure, and with no run to ask of). */
export function useNodeQuery<M extends NodeQuery>(method: M, runId: string | undefined, node: string, status: string): ApiResult<M> | undefined {
  const api = useApi();
  const [answer, setAnswer] = useState<ApiResult<M> | undefined>(undefined);
  const running = status === 'running' || status === 'queued';
  useEffect(() => {
    if (runId === undefined) {
      setAnswer(undefined);
      return;
    }
    let live = true;
    const load = (): void => {
      // All take {runId, node}; TypeScript cannot see that through the generic method.
      const params = { runId, node } as ApiParams<M>;
      api.call(method, params).then(
        (result) => live && setAnswer(result),
        () => live && setAnswer(undefined),
      );
    };
    load();
    const timer = running ? setInterval(load, REFRESH_MS) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [api, method, runId, node, status, running]);
  return answer;
}
