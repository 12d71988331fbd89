import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { itemsByExecution, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

/** Shared by the story and the job: is the database under pressure, and how many items were fetched. */
interface Pressure {
  high: boolean;
  fetched: number;
}

/** Backs off for a minute while the database is under pressure (raised by item 1 here). */
class GentleBackfill extends RecordingJob<Record<string, never>, number, number, Pressure> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    const pressure = this.services;
    const items = (async function* () {
      for (let n = (cursor ?? -1) + 1; n < 5; n++) {
        pressure.fetched++;
        yield [n, n] as const;
      }
    })();
    return this.enumerate.throttle(this.enumerate.wrap(items, { cursor }), { throttleOn: () => pressure.high, backoffMs: 60_000 });
  }

  async eachIteration(n: number) {
    await this.record(n);
    if (n === 1 && this.executions === 1) this.services.high = true;
  }
}

describe('a throttled enumerator', () => {
  let spec: IterationSpec<Pressure>;
  beforeAll(async () => {
    spec = await openIterationSpec<Pressure>(import.meta.url, [GentleBackfill], { extra: { high: false, fetched: 0 } });
    await spec.startWorker();
  });

  it('re-enqueues with its backoff before fetching the next item, without onComplete, then carries on', async () => {
    const jobId = await spec.enqueue(GentleBackfill, {}, { jobId: 'backfill' });
    const parked = await spec.settled(jobId, 'delayed');
    const seenDelayedAt = Date.now();

    // Throttled after item 1, before item 2 was even fetched; delayed by the throttle's own backoff.
    expect(spec.services.fetched).toBe(2);
    const [throttled] = spec.events.of(jobId, 'iteration.throttled');
    expect(throttled).toEqual(expect.objectContaining({ cursor: 1, backoffMs: 60_000, throttles: 1 }));
    // Due one backoff after the throttle: not before it (whatever the load), and not more than a backoff after we saw it parked.
    const due = (await spec.dueAt(jobId))!;
    expect(due).toBeGreaterThanOrEqual(throttled!.at + 60_000);
    expect(due).toBeLessThanOrEqual(seenDelayedAt + 60_000);
    // Not an interruption, not a failure: counted on its own.
    expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: '1', throttles: '1', interruptions: '0', failures: '0' });
    expect(spec.callbacks.story(jobId)).toEqual(['onStart@1', 'onShutdown@1']);
    expect(parked.attemptsMade).toBe(0);

    spec.services.high = false;
    await parked.promote();
    const job = await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [0, 1], 2: [2, 3, 4] });
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    expect(spec.callbacks.counts(jobId)).toEqual({ onStart: 1, onResume: 1, onShutdown: 2, onComplete: 1 });
    expect(job.returnvalue).toMatchObject({ outcome: 'completed', throttles: 1, interruptions: 0 });
  });
});
