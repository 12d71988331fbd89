import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsByExecution, itemsDone, itemsDoneTwice, range, recordItem } from '../support/spec/item-ledger.js';
import { PlannedFailure } from './support/errors.js';
import { ProcessItems } from './support/process-items-job.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

class ProcessItemsLater extends ProcessItems {
  static override resume = { delayMs: 400 };
}

class ProcessItemsElsewhere extends ProcessItems {
  static override resume = { delayMs: 20, queue: 'resumed' };
}

class ProcessItemsTwiceResumable extends ProcessItems {
  static override maxResumptions = 2;
}

/** Makes progress (one item), then fails: every execution resumes after an error. */
class OneItemThenFail extends ContinuableJob<void, SpecServices> {
  static override resume = { delayMs: 20 };
  static override maxResumptions = 2;

  async perform(): Promise<void> {
    await this.step<number>('process', async (step) => {
      const item = (step.cursor ?? 0) + 1;
      await recordItem(this.services.orm, continuableOrigin(this.job), item);
      await step.set(item);
      throw new PlannedFailure(`item ${item + 1} failed`);
    });
  }
}

describe('when, where and how often a continuable job resumes', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<object>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [ProcessItemsLater, ProcessItemsElsewhere, ProcessItemsTwiceResumable, OneItemThenFail], {
      queues: ['jobs', 'resumed'],
    });
    // On this queue every execution is interrupted after two items (the item budget).
    spec.runtime.startWorker({ queueName: 'budgeted', limits: { itemBudget: 2 } });
  });

  describe('resume options', () => {
    it('waits resume.delayMs in the delayed state before the same job runs again', async () => {
      await spec.runtime.flags.set('jobs', 'later-1', { kind: 'at-cursor', cursor: 2 });
      const jobId = await spec.enqueue(ProcessItemsLater, { items: 4 }, { jobId: 'later-1' });

      const interrupted = await spec.events.next(jobId, 'continuable.interrupt');
      const scheduled = await spec.events.next(jobId, 'continuable.resume-scheduled');
      const waiting = await spec.settled(jobId, 'delayed');
      expect(waiting.data.continuation).toEqual({ completed: [], current: ['process', 2] });
      // Due resume.delayMs after the move to delayed, which lies between the interrupt and the
      // resume-scheduled event (said once Redis acknowledged the move): bounds that hold under any load.
      const due = (await spec.dueAt(jobId))!;
      expect(due).toBeGreaterThanOrEqual(interrupted.at + 400);
      expect(due).toBeLessThanOrEqual(scheduled.at + 400);
      expect(scheduled.delayMs).toBe(400);

      const resumed = await spec.events.next(jobId, 'continuable.resume');
      expect(resumed.at).toBeGreaterThanOrEqual(due);
      await spec.settled(jobId, 'completed');
      expect(await itemsDone(env.orm, jobId)).toEqual(range(4));
    });

    it('resumes on resume.queue: the same job id continues there, and the first one says where it went', async () => {
      await spec.runtime.flags.set('jobs', 'elsewhere-1', { kind: 'at-cursor', cursor: 3 });
      const jobId = await spec.enqueue(ProcessItemsElsewhere, { items: 6 }, { jobId: 'elsewhere-1' });

      const original = await spec.settled(jobId, 'completed', 'jobs');
      expect(original.returnvalue).toEqual({ continuedIn: { queue: 'resumed', jobId } });
      const continued = await spec.settled(jobId, 'completed', 'resumed');

      expect(continued.data).toMatchObject({ continuation: { completed: [], current: ['process', 3] }, resumptions: 0 });
      expect(await itemsDone(env.orm, jobId)).toEqual(range(6));
      expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
      expect(spec.events.of(jobId, 'continuable.resume-scheduled')[0]).toMatchObject({ queue: 'resumed', delayMs: 20 });
      expect(spec.events.of(jobId, 'continuable.resume')[0]).toMatchObject({ current: ['process', 3], resumptions: 1 });
    });
  });

  describe('maxResumptions', () => {
    it('fails with ResumeLimitError when interrupted once more after its last allowed resumption', async () => {
      const jobId = await spec.enqueue(ProcessItemsTwiceResumable, { items: 10 }, { queueName: 'budgeted', attempts: 3 });

      const job = await spec.settled(jobId, 'failed', 'budgeted');

      expect(job.failedReason).toBe(
        "Job was resumed a maximum of 2 times; it stopped again (interrupted at 'process', cursor '6' (budget)): " +
          'raise maxResumptions, or find why it keeps stopping',
      );
      expect(job.attemptsMade).toBe(1); // not retried: a ContinuationError is unrecoverable
      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2], 2: [3, 4], 3: [5, 6] });
      // Its progress is kept on the failed job: retrying it by hand resumes after item 6.
      expect(job.data).toMatchObject({ continuation: { completed: [], current: ['process', 6] }, resumptions: 2 });
      expect(spec.events.of(jobId, 'continuable.interrupt').map((e) => e.reason)).toEqual(['budget', 'budget', 'budget']);
    });

    it('counts resumptions after errors against the same limit', async () => {
      const jobId = await spec.enqueue(OneItemThenFail, undefined);

      const job = await spec.settled(jobId, 'failed');

      expect(job.failedReason).toBe(
        "Job was resumed a maximum of 2 times; it stopped again (error at 'process', cursor '3': item 4 failed): " +
          'raise maxResumptions, or find why it keeps stopping',
      );
      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1], 2: [2], 3: [3] });
      expect(job.data).toMatchObject({ resumptions: 2, errorResumptions: 2 });
      expect(spec.events.of(jobId, 'continuable.resume-scheduled').map((e) => e.cause)).toEqual(['error', 'error']);
    });
  });
});
