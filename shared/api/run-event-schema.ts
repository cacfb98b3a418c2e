/** A zod schema for `RunEvent`, so events crossing a transport are checked like requests are. */
import { z } from 'zod';
import type { RunEvent } from '../run/events.ts';

const base = { runId: z.string(), at: z.number() };
const nodeStatus = z.enum(['pending', 'queued', 'running', 'awaiting-approval', 'succeeded', 'reused', 'failed', 'skipped', 'stopped', 'cancelled', 'interrupted']);
const runStatus = z.enum(['running', 'succeeded', 'failed', 'stopped', 'cancelled', 'interrupted']);
const executionStatus = z.enum(['running', 'succeeded', 'failed', 'timed-out', 'cancelled', 'interrupted']);
const known = z.number().nullable();
export const usageSampleSchema = z.object({
  at: z.number(),
  spanMs: z.number(),
  cpu: known,
  memoryMb: known,
  gpus: z.array(z.object({ index: z.number(), utilization: known, memoryMb: known })).readonly(),
});
/** What an execution used, summed up (shared/run/usage.ts, UsageSummary). */
export const usageSummarySchema = z.object({
  cpuMean: known,
  cpuPeak: known,
  memoryPeakMb: known,
  gpus: z.array(z.object({ index: z.number(), utilizationMean: known, memoryPeakMb: known })).readonly(),
});
const logLine = z.object({ t: z.number(), stream: z.enum(['stdout', 'stderr']), text: z.string() });

export const runEventSchema: z.ZodType<RunEvent> = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('run:start'), pipeline: z.string(), resumed: z.boolean(), nodes: z.array(z.string()) }),
  z.object({ ...base, type: z.literal('node:queued'), node: z.string() }),
  z.object({ ...base, type: z.literal('node:start'), node: z.string(), children: z.number(), done: z.number().optional() }),
  z.object({ ...base, type: z.literal('node:reused'), node: z.string(), fromRun: z.string(), reason: z.string() }),
  z.object({ ...base, type: z.literal('node:awaiting-approval'), node: z.string(), gate: z.enum(['start', 'complete']).optional() }),
  z.object({ ...base, type: z.literal('node:approval'), node: z.string(), decision: z.enum(['approved', 'rejected']), by: z.string(), comment: z.string() }),
  z.object({
    ...base,
    type: z.literal('execution:start'),
    node: z.string(),
    executionId: z.string(),
    child: z.number(),
    command: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    gpus: z.array(z.number()),
    image: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('node:log'), node: z.string(), executionId: z.string(), lines: z.array(logLine) }),
  z.object({ ...base, type: z.literal('input:fetching'), node: z.string(), input: z.string(), url: z.string(), received: z.number(), total: z.number().nullable(), done: z.boolean() }),
  z.object({ ...base, type: z.literal('execution:usage'), node: z.string(), executionId: z.string(), sample: usageSampleSchema }),
  z.object({ ...base, type: z.literal('node:metadata'), node: z.string(), executionId: z.string(), values: z.record(z.string(), z.any()) }),
  z.object({
    ...base,
    type: z.literal('execution:finish'),
    node: z.string(),
    executionId: z.string(),
    status: executionStatus,
    exitCode: z.number().nullable(),
    error: z.string().optional(),
    outputsDir: z.string(),
  }),
  z.object({ ...base, type: z.literal('node:finish'), node: z.string(), status: nodeStatus, error: z.string().optional() }),
  z.object({ ...base, type: z.literal('run:warning'), node: z.string().optional(), message: z.string() }),
  z.object({ ...base, type: z.literal('run:finish'), status: runStatus, error: z.string().optional() }),
]);
