/**
 * What a node's executions used of the machine: each one's peaks in a line ("memory peak 3.1 GiB",
 * what `resources.memory` should ask for), and a chart of one measure (memory, CPU cores, a GPU's
 * utilization or memory) against the seconds since each started, one line per execution.
 * Refreshed while the node runs. Once it has run, the cores and memory a cluster should give the
 * step (its `resources`), written into the step with a click.
 */
import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { requestsFromUse, summarizeUsage, summaryLine, type UsageSample, type UsageSummary } from '../../../shared/run/usage.ts';
import { setStepRequests } from '../../../shared/valohai/edit/step-edits.ts';
import { useEditor } from '../store/editor-store.ts';
import { LineChart } from './line-chart.tsx';
import { useNodeQuery } from './use-node-query.ts';

type Executions = ApiResult<'usage.series'>['executions'];
type Measure = { readonly label: string; readonly read: (s: UsageSample) => number | null };

const NONE: Executions = [];
/** Lines of peaks shown at most; a bigger sweep's are in `pipewright show`. */
const MAX_LINES = 8;

function measures(executions: Executions): Measure[] {
  const all = executions.flatMap((e) => e.samples);
  const out: Measure[] = [];
  if (all.some((s) => s.memoryMb !== null)) out.push({ label: 'memory (MiB)', read: (s) => s.memoryMb });
  if (all.some((s) => s.cpu !== null)) out.push({ label: 'CPU (cores)', read: (s) => s.cpu });
  for (const index of [...new Set(all.flatMap((s) => s.gpus.map((g) => g.index)))].sort((a, b) => a - b)) {
    const gpu = (s: UsageSample) => s.gpus.find((g) => g.index === index);
    out.push({ label: `GPU ${index} utilization (%)`, read: (s) => gpu(s)?.utilization ?? null }, { label: `GPU ${index} memory (MiB)`, read: (s) => gpu(s)?.memoryMb ?? null });
  }
  return out;
}

/** Seconds since each execution's first reading began, rounded to a tenth, as one x axis. */
function aligned(executions: Executions, measure: Measure): uPlot.AlignedData {
  const lines = executions.map((e) => {
    const first = e.samples[0];
    const start = first ? first.at - first.spanMs : 0;
    return new Map(e.samples.map((s) => [Math.round((s.at - start) / 100) / 10, measure.read(s)]));
  });
  const xs = [...new Set(lines.flatMap((line) => [...line.keys()]))].sort((a, b) => a - b);
  return [xs, ...lines.map((line) => xs.map((x) => line.get(x) ?? null))];
}

/** `step`: the step the node runs, which its measured use may size for a cluster (`resources`). */
export function UsageChart({ runId, node, status, step }: { runId: string; node: string; status: string; step?: string | undefined }) {
  const edit = useEditor((s) => s.edit);
  const executions = useNodeQuery('usage.series', runId, node, status)?.executions ?? NONE;
  const read = useMemo(() => executions.filter((e) => e.samples.length > 0), [executions]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const choices = useMemo(() => measures(read), [read]);
  const measure = choices.find((m) => m.label === chosen) ?? choices[0];
  const data = useMemo(() => (measure ? aligned(read, measure) : undefined), [read, measure]);
  const names = useMemo(() => read.map((e) => (read.length > 1 ? `#${e.child + 1}` : e.id)), [read]);
  if (!measure || !data) return null;
  // (Each execution read has samples, so a summary.)
  const summed = read.map((e) => ({ id: e.id, child: e.child, summary: summarizeUsage(e.samples) as UsageSummary }));
  const summaries = summed.slice(0, MAX_LINES).map((e) => ({ id: e.id, child: e.child, line: summaryLine(e.summary) }));
  const requests = step !== undefined && status !== 'running' ? requestsFromUse(summed.map((e) => e.summary)) : undefined;
  return (
    <div className="usage-chart" data-testid="usage-chart">
      <h4>Machine use</h4>
      <ul className="usage-peaks">
        {summaries.map((s) => (
          <li key={s.id}>
            {read.length > 1 ? `#${s.child + 1}: ` : ''}
            {s.line}
          </li>
        ))}
        {read.length > MAX_LINES && <li>… {read.length - MAX_LINES} more: pipewright show {runId}</li>}
      </ul>
      {requests && step !== undefined && (
        <p className="usage-requests" data-testid="usage-requests">
          On a cluster, ask for {requests.cpu.toFixed(1)} cores and {requests.memoryMb} MB (what it used here, with room){' '}
          <button type="button" className="link" onClick={() => edit((text) => setStepRequests(text, step, requests))}>
            write them into step {step}&apos;s resources
          </button>
        </p>
      )}
      <select aria-label="Machine use to chart" value={measure.label} onChange={(e) => setChosen(e.target.value)}>
        {choices.map((m) => (
          <option key={m.label} value={m.label}>
            {m.label}
          </option>
        ))}
      </select>
      <LineChart data={data} axis="seconds" names={names} shape={`${measure.label}|${names.join('|')}`} fromZero />
    </div>
  );
}
