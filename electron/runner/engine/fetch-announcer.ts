/**
 * Fetch progress as `input:fetching` events: each step forward said once per node and input,
 * however many of a sweep's children wait for the one download (each of them hears it).
 */
import type { RunEvent } from '../../../shared/run/events.ts';
import type { FetchProgress } from '../files/shared-fetch.ts';

export type FetchAnnouncer = (node: string, input: string, url: string, progress: FetchProgress) => void;

export function fetchAnnouncer(runId: string, emit: (event: RunEvent) => void): FetchAnnouncer {
  const said = new Map<string, string>();
  return (node, input, url, { received, total, done }) => {
    const key = `${node}\0${input}\0${url}`;
    const step = `${received} ${total ?? '?'} ${done}`;
    if (said.get(key) === step) return;
    said.set(key, step);
    emit({ type: 'input:fetching', runId, at: Date.now(), node, input, url, received, total, done });
  };
}
