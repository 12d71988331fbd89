import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from '../../src/iteration/types.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
const snapshots: { flushes: number; hash: Record<string, string>; ttlMs: number }[] = [];

/** 30 items of 10 ms, flushing at least every 60 ms. */
class SteadyWork extends RecordingJob<Record<string, never>, number, number> {
  static override flushIntervalMs = 60;

  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(30, { cursor });
  }
  async eachIteration(n: number) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await this.record(n);
  }
}

describe('a running job with a flush interval', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [SteadyWork]);
    // Read the hash right after each flush, from the same process the job runs in.
    spec.runtime.events.on('iteration.flushed', (event) => {
      const key = spec.checkpointKey(event.jobId);
      void Promise.all([spec.runtime.redis.hgetall(key), spec.runtime.redis.pttl(key)]).then(([hash, ttlMs]) =>
        snapshots.push({ flushes: event.flushes, hash, ttlMs }),
      );
    });
    await spec.startWorker();
  });

  it('writes the cursor of the last completed item at item boundaries, refreshing the TTL each time', async () => {
    const jobId = await spec.enqueue(SteadyWork, {}, { jobId: 'steady' });
    await spec.settled(jobId, 'completed');

    const flushes = spec.events.of(jobId, 'iteration.flushed');
    expect(flushes.length).toBeGreaterThanOrEqual(3);
    expect(flushes.every((flush) => flush.trigger === 'interval')).toBe(true);
    // Cursors move forward, one write each, and what was written is what the event said.
    const cursors = flushes.map((flush) => flush.cursor as number);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(flushes.map((flush) => flush.flushes)).toEqual(flushes.map((_, i) => i + 1));
    for (const snapshot of snapshots.slice(0, -1)) {
      expect(snapshot.hash).toMatchObject({ cursor: String(cursors[snapshot.flushes - 1]), flushes: String(snapshot.flushes), executions: '1' });
      expect(snapshot.ttlMs).toBeGreaterThan(THIRTY_DAYS_MS - 60_000);
    }
    // Completed: the hash is gone, and the completion reports how many writes it took.
    expect(await spec.checkpoint(jobId)).toEqual({});
    expect(spec.events.of(jobId, 'iteration.completed')[0]).toMatchObject({ flushes: flushes.length });
  });
});
