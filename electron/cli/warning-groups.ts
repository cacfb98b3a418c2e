/**
 * Warnings said alike of several nodes, said once for all of them: a pipeline whose every step
 * names a GPU machine gets one line, not one per node. The warnings a run starts with come
 * together: they are held until its next other event (or the end) and grouped then; later ones
 * are said as they come.
 */
import type { RunEvent } from '../../shared/run/events.ts';
import type { Reporter } from './progress.ts';
import { grouped } from '../../shared/run/grouped-warnings.ts';

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
