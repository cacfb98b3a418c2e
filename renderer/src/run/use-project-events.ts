/**
 * The host's events for this window: run events go to the run stores (each keeps its own run's), a frame's worth at a time
 * (one render for many: a step can print thousands of metadata lines a second, and one render
 * each froze the window); a change of the file on disk reloads it, or asks (`onDiskChange`).
 */
import { useEffect } from 'react';
import type { PipewrightApi } from '../../../shared/api/contract.ts';
import type { RunEvent } from '../../../shared/run/events.ts';
import { onDiskChange } from '../store/project-io.ts';
import { useRun, useStepRun } from './run-store.ts';

const FRAME_MS = 16;

export function useProjectEvents(api: PipewrightApi): void {
  useEffect(() => {
    let queued: RunEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      timer = undefined;
      const events = queued;
      queued = [];
      useRun.getState().applyAll(events);
      useStepRun.getState().applyAll(events);
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.kind === 'project-changed') return void onDiskChange(api, event.version);
      queued.push(event.event);
      timer ??= setTimeout(flush, FRAME_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      flush();
    };
  }, [api]);
}
