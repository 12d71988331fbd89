import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureIteration, resetIterationSettings } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { itemsDone } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

// A TTL shorter than the run: a hash whose TTL were set once at the start would expire mid-run.
const TTL_MS = 600;
const ITEMS = 40;
const ITEM_MS = 25;
const FLUSH_INTERVAL_MS = 60;

/** Items done so far in this process, pushed right after each ledger write. */
const done: number[] = [];
/** Each flush as the job's own process saw it: the hash and its TTL, and how many items were done. */
const snapshots: { flushes: number; doneBefore: number; hash: Record<string, string>; ttlMs: number }[] = [];
const pending: Promise<unknown>[] = [];

/** 40 items of 25 ms, flushing at least every 60 ms. */
class SteadyWork extends RecordingJob<Record<string, never>, number, number> {
  static override flushIntervalMs = FLUSH_INTERVAL_MS;

  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(ITEMS, { cursor });
  }
  async eachIteration(n: number) {
    // Let the previous flush's snapshot land before going on, so none races the final delete.
    await Promise.all(pending);
    await new Promise((resolve) => setTimeout(resolve, ITEM_MS));
    await this.record(n);
    done.push(n);
  }
}

describe('a running job with a flush interval', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    configureIteration({ checkpointTtlMs: TTL_MS });
    spec = await openIterationSpec(import.meta.url, [SteadyWork]);
    spec.runtime.events.on('iteration.flushed', (event) => {
      const doneBefore = done.length; // synchronous: the job waits for this listener
      const key = spec.checkpointKey(event.jobId);
      pending.push(
        Promise.all([spec.runtime.redis.hgetall(key), spec.runtime.redis.pttl(key)]).then(([hash, ttlMs]) =>
          snapshots.push({ flushes: event.flushes, doneBefore, hash, ttlMs }),
        ),
      );
    });
    await spec.startWorker();
  });
  afterAll(() => resetIterationSettings());

  it('writes the cursor of the last completed item at item boundaries, refreshing the TTL each time', async () => {
    const jobId = await spec.enqueue(SteadyWork, {}, { jobId: 'steady' });
    await spec.settled(jobId, 'completed');
    await Promise.all(pending);

    const flushes = spec.events.of(jobId, 'iteration.flushed');
    expect(flushes.length).toBeGreaterThanOrEqual(3);
    expect(flushes.every((flush) => flush.trigger === 'interval')).toBe(true);
    expect(flushes.map((flush) => flush.flushes)).toEqual(flushes.map((_, i) => i + 1));
    // The run outlasts the TTL, so only a TTL renewed by each flush keeps the hash alive to the end.
    const started = spec.events.of(jobId, 'iteration.build-enumerator')[0]!.at;
    expect(flushes.at(-1)!.at - started).toBeGreaterThan(TTL_MS);

    const ledger = await itemsDone(spec.orm, jobId);
    expect(ledger).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
    expect(snapshots).toHaveLength(flushes.length);
    for (const snapshot of snapshots) {
      // The hash names the last item the ledger holds at that moment: nothing ahead, nothing behind.
      expect(snapshot.hash).toMatchObject({ cursor: String(ledger[snapshot.doneBefore - 1]), flushes: String(snapshot.flushes), executions: '1' });
      expect(snapshot.ttlMs).toBeGreaterThan(0);
      expect(snapshot.ttlMs).toBeLessThanOrEqual(TTL_MS);
    }
    // Completed: the hash is gone, and the completion reports how many writes it took.
    expect(await spec.checkpoint(jobId)).toEqual({});
    expect(spec.events.of(jobId, 'iteration.completed')[0]).toMatchObject({ flushes: flushes.length });
  });
});
