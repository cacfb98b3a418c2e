/**
 * Warnings said alike of several nodes, said once for all of them: a pipeline whose every step
 * names a GPU machine gets one line, not one per node. The warnings a run starts with come
 * together: they are held until its next other event (or the end) and grouped then; later ones
 * are said as they come.
 */
import type { RunEvent } from '../../shared/run/events.ts';
import type { Reporter } from './progress.ts';

type Warning = Extract<RunEvent, { type: 'run:warning' }>;

export function groupingWarnings(reporter: Reporter): Reporter {
  let held: Warning[] = [];
  /** Between the run's start and its next other event: later warnings are said as they come. */
  let starting = false;
  const flush = (): void => {
    const warnings = held;
    held = [];
    for (const warning of grouped(warnings)) reporter.onEvent(warning);
  };
  return {
    onEvent: (event) => {
      if (event.type === 'run:warning' && starting) {
        held.push(event);
        return;
      }
      if (held.length > 0) flush();
      starting = event.type === 'run:start';
      reporter.onEvent(event);
    },
    close: () => {
      flush();
      reporter.close();
    },
  };
}

/** In order of first appearance; a message about `node "X"` joins others that differ only in the name. */
export function grouped<W extends { readonly node?: string | null; readonly message: string }>(warnings: readonly W[]): W[] {
  const groups = new Map<string, { first: W; nodes: string[] }>();
  for (const warning of warnings) {
    const named = typeof warning.node === 'string' && warning.message.includes(`node "${warning.node}"`);
    const key = named ? `node:${warning.message.replaceAll(`node "${warning.node as string}"`, '\u0000')}` : `text:${warning.message}`;
    const group = groups.get(key);
    if (group && named && !group.nodes.includes(warning.node as string)) group.nodes.push(warning.node as string);
    else if (!group) groups.set(key, { first: warning, nodes: named ? [warning.node as string] : [] });
  }
  return [...groups.values()].map(({ first, nodes }) => {
    if (nodes.length < 2) return first;
    const names = `nodes ${nodes.map((n) => `"${n}"`).join(', ')}`;
    const message = first.message.replace(`node "${first.node as string}": its `, `${names}: each one's `).replaceAll(`node "${first.node as string}"`, names);
    return { ...first, message };
  });
}
