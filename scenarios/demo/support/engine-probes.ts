import type { Queue } from 'bullmq';
import { readContinuableProgress } from 'resumable-jobs/continuable';
import type { Engine } from '../../../src/harness/reporting/types.js';
import { readIterationProgress } from 'resumable-jobs/iteration';
import type { RedisConnection } from 'resumable-jobs/runtime';

/** Where each engine keeps its checkpoint and which events tell its story, for the measurements. */
export interface EngineProbe {
  interruptEvent: string;
  resumeEvent: string;
  /** Events that each mean one checkpoint write. */
  writeEvents: string[];
  /** The cursor a resumed execution starts after, from its resume event. */
  resumedCursor(payload: Record<string, unknown>): unknown;
  /** The durable checkpoint's cursor as stored in Redis right now (undefined: none stored). */
  storedCursor(redis: RedisConnection, queue: Queue, prefix: string, jobId: string): Promise<unknown>;
}

export const engineProbes: Record<Engine, EngineProbe> = {
  continuable: {
    interruptEvent: 'continuable.interrupt',
    resumeEvent: 'continuable.resume',
    writeEvents: ['continuable.resume-scheduled', 'continuable.checkpoint-written'],
    resumedCursor: (payload) => (payload.current as [string, unknown] | undefined)?.[1] ?? null,
    async storedCursor(_redis, queue, _prefix, jobId) {
      const job = await queue.getJob(jobId);
      return job ? readContinuableProgress(job).cursor : undefined;
    },
  },
  iteration: {
    interruptEvent: 'iteration.interrupted',
    resumeEvent: 'iteration.resumed',
    writeEvents: ['iteration.flushed'],
    resumedCursor: (payload) => payload.cursor ?? null,
    async storedCursor(redis, queue, prefix, jobId) {
      return (await readIterationProgress({ redis, prefix, queueName: queue.name, jobId })).cursor;
    },
  },
};
