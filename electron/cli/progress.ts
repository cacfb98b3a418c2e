/**
 * How `run` and `resume` report: NDJSON events for programs (`--json`), a live table of node
 * states and durations on a terminal, and plain lines otherwise.
 */
import { sweepCounted, sweepStarted, sweepText, type SweepCount } from '../../shared/run/sweep-count.ts';
import type { NodeStatus, RunEvent } from '../../shared/run/events.ts';
import { FailureTails } from './failure-tail.ts';
import { seconds, type Io } from './output.ts';
import { shownText } from '../../shared/run/shown-text.ts';
import { runSubject } from '../../shared/run/step-run.ts';
import { together, usageLine, type UsageSample } from '../../shared/run/usage.ts';
import { bytesText, fetchAmount } from '../../shared/run/fetch-progress.ts';

const SYMBOL: Record<NodeStatus, string> = {
  pending: '·',
  queued: '…',
  running: '▶',
  'awaiting-approval': '⏸',
  succeeded: '✔',
  reused: '↺',
  failed: '✘',
  skipped: '–',
  stopped: '■',
  cancelled: '✘',
  interrupted: '!',
};

export interface Reporter {
  readonly onEvent: (event: RunEvent) => void;
  readonly close: () => void;
}

/** NDJSON: the events of one turn go out in one write (a run of 1000 nodes announces ~6000). */
export function jsonReporter(io: Io): Reporter {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    io.out(text);
  };
  return {
    onEvent: (event) => {
      pending.push(`${JSON.stringify(event)}\n`);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    close: flush,
  };
}

/** Plain lines: one per state change, warnings and approvals, a failed step's last lines; all logs with `verbose`. */
/** `project`: what a suggested command needs to reach the project from here (` --project PATH`, or ''). */
export function lineReporter(io: Io, verbose: boolean, project = ''): Reporter {
  const tails = new FailureTails();
  const started = new Map<string, number>();
  const took = (node: string, at: number): string => {
    const since = started.get(node);
    return since === undefined ? '' : ` (${seconds(at - since)})`;
  };
  /** When each fetch under way began, by node, input and URL: said as it begins and as it ends. */
  const fetches = new Map<string, number>();
  return {
    onEvent: (event) => {
      tails.see(event);
      switch (event.type) {
        case 'input:fetching': {
          const key = `${event.node}\0${event.input}\0${event.url}`;
          const since = fetches.get(key);
          if (since === undefined) {
            fetches.set(key, event.at);
            // (One that goes on from where an earlier fetch stopped says how far that had come.)
            const from = event.received > 0 && !event.done ? `, going on from ${fetchAmount(event)}` : event.total !== null ? `, ${bytesText(event.total)}` : '';
            io.err(`  ↓ ${event.node}: fetching ${event.url} (input "${event.input}"${from})\n`);
          }
          if (!event.done) return;
          fetches.delete(key);
          return io.err(`  ↓ ${event.node}: fetched ${event.url} (${fetchAmount(event)} in ${seconds(event.at - (since ?? event.at))})\n`);
        }
        case 'run:start':
          return io.err(`run ${event.runId}: ${event.resumed ? 'resuming' : 'starting'} ${runSubject(event.pipeline)}\n`);
        case 'node:start':
          started.set(event.node, event.at);
          return io.err(`  ▶ ${event.node}${event.children > 1 ? ` (${event.children} executions)` : ''}\n`);
        case 'node:reused':
          return io.err(`  ↺ ${event.node}: ${event.reason}\n`);
        case 'node:awaiting-approval':
          return io.err(`  ⏸ ${event.node} ${event.gate === 'complete' ? 'has run; its results wait' : 'waits'} for approval: pipewright approve ${event.runId} ${event.node}${project}   (or reject)\n`);
        case 'node:approval':
          return io.err(`  ${event.decision === 'approved' ? '✔' : '✘'} ${event.node} ${event.decision} by ${event.by}${event.comment ? `: ${event.comment}` : ''}\n`);
        case 'node:finish':
          return io.err(`  ${SYMBOL[event.status]} ${event.node} ${event.status}${event.error ? `: ${event.error}` : ''}${took(event.node, event.at)}\n`);
        case 'run:warning':
          return io.err(`  warning: ${event.message}\n`);
        case 'node:log':
          if (verbose) for (const line of event.lines) io.err(`    [${event.node}] ${shownText(line.text)}\n`);
          return;
        case 'execution:finish': {
          const lines = tails.finished(event);
          if (lines.length > 0 && !verbose) io.err(`${lines.join('\n')}\n`);
          return;
        }
        case 'run:finish':
          return io.err(`run ${event.runId} ${event.status}${event.error ? `: ${event.error}` : ''}\n`);
        default:
          return;
      }
    },
    close: () => undefined,
  };
}

type NodeLine = { status: NodeStatus; started?: number; ended?: number; note?: string; fetching?: string; using?: Map<string, UsageSample>; sweep?: SweepCount };

/** Statuses a person looks for first, when not every node fits on the screen. */
const FIRST: readonly NodeStatus[] = ['failed', 'awaiting-approval', 'running', 'stopped', 'interrupted', 'cancelled', 'queued'];

/**
 * A live table, redrawn in place, for a terminal of `rows()` lines. A pipeline taller than the
 * screen is drawn as counts per status and the nodes that matter now (a table that scrolls cannot
 * be redrawn in place: it piled up copies of itself); redraws are at most every 100 ms.
 */
export function ttyReporter(io: Io, rows: () => number = () => process.stderr.rows || 24, project = ''): Reporter {
  const state = new Map<string, NodeLine>();
  const messages: string[] = [];
  let drawn = 0;
  let runId = '';
  let lastDraw = 0;
  /** Writes `text` where the table was drawn last (the table goes; text that stays is printed this way). */
  const replaceTable = (text: string): void => {
    io.err(`${drawn > 0 ? `\x1b[${drawn}F\x1b[J` : ''}${text}`);
    drawn = 0;
  };
  const draw = (): void => {
    lastDraw = Date.now();
    const notes = messages.slice(-5).map((m) => `  ${m}`);
    const room = Math.max(3, rows() - 2 - notes.length);
    let shown = [...state];
    const lines = [`run ${runId}`];
    if (shown.length > room) {
      const counts = new Map<NodeStatus, number>();
      for (const [, s] of shown) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
      lines[0] = `run ${runId}  ${shown.length} nodes: ${[...counts].map(([status, n]) => `${n} ${status}`).join(' · ')}`;
      const rank = (s: NodeLine): number => (FIRST.includes(s.status) ? FIRST.indexOf(s.status) : FIRST.length);
      const interesting = shown.filter(([, s]) => rank(s) < FIRST.length).sort((a, b) => rank(a[1]) - rank(b[1]));
      shown = interesting.slice(0, room - 1);
    }
    const width = Math.max(...shown.map(([n]) => n.length), 4);
    for (const [name, s] of shown) {
      const time = s.started ? seconds((s.ended ?? Date.now()) - s.started) : '';
      const note = [s.sweep ? sweepText(s.sweep) : (s.note ?? ''), s.status === 'running' ? (s.fetching ?? '') : '', s.status === 'running' && s.using ? usageLine(together([...s.using.values()])) : ''].filter((t) => t !== '').join(' · ');
      lines.push(`  ${SYMBOL[s.status]} ${name.padEnd(width)}  ${s.status.padEnd(17)} ${time.padStart(7)}  ${note}`.trimEnd());
    }
    if (shown.length < state.size) lines.push(`  (${state.size - shown.length} more: pipewright show ${runId}${project})`);
    lines.push(...notes);
    replaceTable(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 250);
  const tails = new FailureTails();
  return {
    onEvent: (event) => {
      runId = event.runId;
      tails.see(event);
      const node = 'node' in event && event.node ? state.get(event.node) : undefined;
      switch (event.type) {
        case 'run:start':
          for (const name of event.nodes) if (!state.has(name)) state.set(name, { status: 'pending' });
          break;
        case 'node:queued':
          if (node) node.status = 'queued';
          break;
        case 'node:start':
          if (node) Object.assign(node, { status: 'running', started: event.at, note: '', sweep: sweepStarted(event.children, event.done) });
          break;
        case 'node:awaiting-approval':
          if (node) Object.assign(node, { status: 'awaiting-approval', note: `pipewright approve ${event.runId} ${event.node}${project}` });
          break;
        case 'node:finish':
          if (node) Object.assign(node, { status: event.status, ended: event.at, note: event.error ?? '', sweep: undefined });
          break;
        case 'node:reused':
          if (node) node.note = event.reason;
          break;
        case 'execution:usage':
          // What the node's running executions use together, shown beside it (cores, memory, GPUs).
          if (node) (node.using ??= new Map()).set(event.executionId, event.sample);
          return;
        case 'input:fetching':
          // Before its command starts, a node's time may go on its inputs: how far they have come.
          if (!node) return;
          if (event.done) delete node.fetching;
          else node.fetching = `fetching ${event.input}: ${fetchAmount(event)}`;
          return;
        case 'execution:start':
          if (node?.sweep) node.sweep = sweepCounted(node.sweep, event);
          break;
        case 'execution:finish': {
          node?.using?.delete(event.executionId);
          if (node?.sweep) node.sweep = sweepCounted(node.sweep, event);
          const lines = tails.finished(event);
          if (lines.length === 0) return;
          replaceTable(`  ${event.node} (${event.executionId}) ${event.status}${event.error ? `: ${event.error}` : ''}; its last lines:\n${lines.join('\n')}\n`);
          break;
        }
        case 'run:warning':
          messages.push(`warning: ${event.message}`);
          break;
        case 'run:finish':
          messages.push(`run ${event.status}${event.error ? `: ${event.error}` : ''}`);
          break;
        default:
          return;
      }
      if (Date.now() - lastDraw >= 100 || event.type === 'run:finish') draw();
    },
    close: () => {
      clearInterval(timer);
      draw();
    },
  };
}
