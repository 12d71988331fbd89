import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob, isContinuationInterrupt } from 'resumable-jobs/continuable';
import { readPublishedProgress } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsByExecution, itemsDone, range } from '../support/spec/item-ledger.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { waitFor } from '../support/wait-for.js';
import { recordItem } from '../support/spec/item-ledger.js';

const ON_CANCEL = 'spec.on-cancel';
type Args = { items: number; cancelAtItem?: number };
type Extra = { cancel: (jobId: string) => Promise<unknown> };

/**
 * Items 1..N in one step, then a closing step. With `cancelAtItem`, that item asks for its own
 * cancel, as an operator would, and reaches its checkpoint only once the job sees it, so the cancel
 * point is exact. A careless catch-all around the checkpoint rethrows what it must. Interrupted,
 * it waits a minute to resume: only a cancel brings it back sooner.
 */
class CountItems extends ContinuableJob<Args, SpecServices<Extra>> {
  static override resume = { delayMs: 60_000 };

  async perform({ items, cancelAtItem }: Args): Promise<void> {
    await this.step<number>('count', async (step) => {
      for (let item = (step.cursor ?? 0) + 1; item <= items; item++) {
        await recordItem(this.services.orm, continuableOrigin(this.job), item);
        if (item === cancelAtItem) {
          await this.services.cancel(String(this.job.id));
          await waitFor('the job to see its cancel', () => this.cancelledAt, (at) => at !== undefined, { timeoutMs: 10_000 });
        }
        try {
          await step.set(item);
        } catch (error) {
          if (isContinuationInterrupt(error)) throw error;
        }
      }
    });
    await this.step('finish', () => recordItem(this.services.orm, continuableOrigin(this.job), 0, 'spec.finished'));
  }

  protected override async onCancel(): Promise<void> {
    await recordItem(this.services.orm, continuableOrigin(this.job), 0, ON_CANCEL);
  }
}

describe('a continuable job cancelled (Sidekiq cancel!): it ends, runs onCancel once, and is neither failed nor completed in full', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<Extra>;
  const extra: Extra = { cancel: (jobId) => spec.runtime.cancel(jobId) };
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime<Extra>(env, [CountItems], { extra });
  });

  /** What every cancelled job must leave: completed as cancelled, onCancel once, no control key, no step after. */
  async function expectCancelledAndClean(jobId: string, queueName?: string) {
    const job = await spec.settled(jobId, 'completed', queueName);
    expect(job.returnvalue).toMatchObject({ cancelled: { at: expect.any(Number) } });
    expect(job.failedReason).toBeUndefined();
    // What any BullMQ UI reads: the progress the engine published says cancelled, not completed.
    expect(readPublishedProgress(job.progress)?.state).toBe('cancelled');
    expect(await spec.runtime.queue(queueName).getJobCounts('failed')).toEqual({ failed: 0 });
    expect(await itemsDone(env.orm, jobId, ON_CANCEL)).toEqual([0]);
    expect(await itemsDone(env.orm, jobId, 'spec.finished')).toEqual([]);
    const flagKey = spec.runtime.flags.key(queueName ?? spec.runtime.defaultQueueName, jobId);
    await waitFor(`the control key of ${jobId} to be removed`, () => spec.runtime.redis.exists(flagKey), (n) => n === 0);
    return job;
  }

  it('cancelled before it starts: perform() never runs, onCancel runs once', async () => {
    const jobId = await spec.enqueue(CountItems, { items: 6 }, { jobId: 'before-start', queueName: 'not-yet-worked' });
    const { cancelledAt } = await spec.runtime.cancel(jobId, { queueName: 'not-yet-worked' });

    await spec.startWorker(undefined, 'not-yet-worked');
    const job = await expectCancelledAndClean(jobId, 'not-yet-worked');

    expect(await itemsDone(env.orm, jobId)).toEqual([]);
    expect(job.returnvalue).toEqual({ cancelled: { at: cancelledAt }, continuation: { completed: [] }, resumptions: 0 });
    expect(spec.events.story(jobId)).toEqual(['cancelled']);
  });

  it('cancelled mid-run: it stops at the checkpoint that saw the cancel; no item and no step after it runs', async () => {
    const jobId = await spec.enqueue(CountItems, { items: 8, cancelAtItem: 3 }, { jobId: 'mid-run' });
    const job = await expectCancelledAndClean(jobId);

    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: range(3) });
    expect(job.returnvalue).toMatchObject({ continuation: { completed: [], current: ['count', 3] }, resumptions: 0 });
    expect(spec.events.of(jobId, 'continuable.interrupt')).toEqual([]);
    expect(spec.events.of(jobId, 'continuable.cancelled')).toEqual([expect.objectContaining({ current: ['count', 3] })]);
  });

  it('cancelled while delayed to resume: it runs at once, before its delay ends, and does no more work', async () => {
    // Stopped after 2 items, it waits a minute in delayed with its continuation stored.
    await spec.runtime.flags.set('jobs', 'while-delayed', { kind: 'after-items', items: 2 });
    const jobId = await spec.enqueue(CountItems, { items: 8 }, { jobId: 'while-delayed' });
    const delayed = await spec.settled(jobId, 'delayed');
    expect(delayed.data).toMatchObject({ continuation: { completed: [], current: ['count', 2] } });

    await spec.runtime.cancel(jobId);
    const job = await expectCancelledAndClean(jobId);

    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2] });
    expect(job.returnvalue).toMatchObject({ continuation: { current: ['count', 2] }, resumptions: 1 });
  });
});
