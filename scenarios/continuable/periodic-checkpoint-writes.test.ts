import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsByExecution, itemsDoneTwice, range, recordItem } from '../support/spec/item-ledger.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

type Probe = {
  /** Reads the job's stored cursor from Redis (the job's own copy is in memory). */
  storedCursor: (jobId: string) => Promise<unknown>;
  /** The cursor found in Redis just before each item, by item. */
  storedBefore: Map<number, unknown>;
  /** Hang forever at this item (a crash: the worker never answers again). */
  hangAt?: number;
};

/** Writes its continuation at every checkpoint (checkpointEveryMs: 0) and reads it back from Redis. */
class ProcessItemsDurably extends ContinuableJob<{ items: number }, SpecServices<Probe>> {
  static override resume = { delayMs: 20 };
  static override checkpointEveryMs = 0;

  async perform({ items }: { items: number }) {
    await this.step<number>('process', async (step) => {
      for (let item = (step.cursor ?? 0) + 1; item <= items; item++) {
        this.services.storedBefore.set(item, await this.services.storedCursor(this.job.id!));
        if (this.services.hangAt === item && this.executions === 1) await new Promise(() => undefined);
        await recordItem(this.services.orm, continuableOrigin(this.job), item);
        await step.set(item);
      }
    });
  }
}

describe('checkpointEveryMs: writing the continuation while the job runs (beyond Rails)', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<Probe>;
  const probe: Probe = { storedBefore: new Map(), storedCursor: async () => undefined };
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [ProcessItemsDurably], { extra: probe });
    probe.storedCursor = async (jobId) => (await spec.stored(jobId)).data.continuation?.current?.[1];
  });

  it('keeps the stored cursor one item behind the work, and counts the writes', async () => {
    probe.storedBefore.clear();
    const jobId = await spec.enqueue(ProcessItemsDurably, { items: 4 });

    const job = await spec.settled(jobId, 'completed');

    expect([...probe.storedBefore]).toEqual([
      [1, undefined],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(job.data.continuation).toEqual({ completed: [], current: ['process', 4] });
    expect(spec.events.of(jobId, 'continuable.checkpoint-written').map((e) => e.checkpointWrites)).toEqual([1, 2, 3, 4]);
    expect(spec.events.of(jobId, 'continuable.completed')[0]).toMatchObject({ checkpointWrites: 4 });
  });

  it('lets a crashed job resume from the last write instead of from the start', async () => {
    probe.storedBefore.clear();
    probe.hangAt = 3;
    const jobId = await spec.enqueue(ProcessItemsDurably, { items: 5 });
    await spec.events.next(jobId, 'continuable.checkpoint-written', 1); // cursor 2 is in Redis

    // The worker dies with the job in hand; another worker's stalled check takes the job over.
    await spec.workers[0]!.close(true);
    spec.runtime.startWorker();
    await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2], 2: range(5).slice(2) });
    expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
    expect(spec.events.of(jobId, 'continuable.resume')).toEqual([
      expect.objectContaining({ current: ['process', 2], resumptions: 1, execution: 2 }),
    ]);
  });
});
