/**
 * Which nodes can start: per node, how many upstream nodes have not finished and the first one
 * that finished badly, kept as counts updated on each status change, so a look costs the same
 * for 10 nodes or 10 000 (scanning every node's upstream per event is quadratic on a wide fan).
 */
import type { NodeStatus } from '../../../shared/run/events.ts';
import { DONE_OK, FINISHED_NODE_STATUSES } from '../../../shared/run/events.ts';
import type { PlannedNode } from '../../../shared/run/plan.ts';

const finished = (status: NodeStatus): boolean => FINISHED_NODE_STATUSES.includes(status);

export class Readiness {
  private readonly statusOf: (name: string) => NodeStatus;
  private readonly continuesOnError = new Set<string>();
  private readonly downstream = new Map<string, string[]>();
  private readonly waiting = new Map<string, number>();
  private readonly blockers = new Map<string, string>();
  /** Nodes whose upstream changed since the last look: only these can have become ready. */
  private candidates = new Set<string>();
  private unfinished = 0;

  constructor(nodes: readonly PlannedNode[], statusOf: (name: string) => NodeStatus) {
    this.statusOf = statusOf;
    for (const node of nodes) {
      if (node.onError === 'continue') this.continuesOnError.add(node.name);
      for (const up of node.upstream) {
        const list = this.downstream.get(up);
        if (list) list.push(node.name);
        else this.downstream.set(up, [node.name]);
      }
      if (!finished(statusOf(node.name))) this.unfinished += 1;
      this.candidates.add(node.name);
    }
    for (const node of nodes) {
      this.waiting.set(node.name, node.upstream.filter((u) => !finished(statusOf(u))).length);
      const bad = node.upstream.find((u) => this.finishedBadly(u, statusOf(u)));
      if (bad) this.blockers.set(node.name, bad);
    }
  }

  /** To be told every status change of a node, before the next look. */
  changed(name: string, was: NodeStatus, now: NodeStatus): void {
    const next = this.downstream.get(name) ?? [];
    if (finished(was) !== finished(now)) {
      const done = finished(now);
      this.unfinished += done ? -1 : 1;
      const bad = this.finishedBadly(name, now);
      for (const down of next) {
        this.waiting.set(down, (this.waiting.get(down) ?? 0) + (done ? -1 : 1));
        if (bad && !this.blockers.has(down)) this.blockers.set(down, name);
        if (!done && this.blockers.get(down) === name) this.blockers.delete(down);
      }
    }
    if (finished(now)) for (const down of next) this.candidates.add(down);
  }

  /** The nodes to look at now (each once), clearing the list. */
  takeCandidates(): string[] {
    const taken = [...this.candidates];
    this.candidates = new Set();
    return taken;
  }

  /** All upstream nodes have finished. */
  isReady(name: string): boolean {
    return this.waiting.get(name) === 0;
  }

  /** The first upstream node that finished so that this one must not run. */
  blockerOf(name: string): string | undefined {
    return this.blockers.get(name);
  }

  get allFinished(): boolean {
    return this.unfinished === 0;
  }

  /** A failure without on-error: continue, a skip, a stop, a cancel. */
  private finishedBadly(name: string, status: NodeStatus): boolean {
    if (!finished(status) || DONE_OK.includes(status)) return false;
    return !(status === 'failed' && this.continuesOnError.has(name));
  }
}
