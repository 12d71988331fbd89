import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsByExecution, itemsDoneTwice, range, recordItem } from '../support/spec/item-ledger.js';
import { PlannedFailure } from './support/errors.js';
import { ProcessItems } from './support/process-items-job.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

/** Rails' "does not retry jobs that error without updating the cursor": checkpoints, then fails. */
class PurgeThenFail extends ContinuableJob<void, SpecServices> {
  static override resume = { delayMs: 20 };

  async perform(): Promise<void> {
    await this.step('purge', async (step) => {
      await recordItem(this.services.orm, continuableOrigin(this.job), 1);
      await step.checkpoint(); // a checkpoint is not progress: the cursor did not move
      throw new PlannedFailure('purge failed after a checkpoint');
    });
  }
}

class ProcessItemsNoErrorResume extends ProcessItems {
  static override resumeErrorsAfterAdvancing = false;
}

describe('a continuable job that raises an error', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<object>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [ProcessItems, PurgeThenFail, ProcessItemsNoErrorResume]);
  });

  describe('before making progress in its execution', () => {
    it("is retried by BullMQ's attempts, not resumed, and the retries count as attempts", async () => {
      const jobId = await spec.enqueue(ProcessItems, { items: 3, failAt: { item: 1, inExecutions: [1, 2] } }, { attempts: 3 });

      const job = await spec.settled(jobId, 'completed');

      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 3: range(3) });
      expect(job.attemptsStarted).toBe(3);
      expect(job.attemptsMade).toBe(3); // two failed attempts and the one that completed
      expect(spec.events.of(jobId, 'continuable.resume-scheduled')).toEqual([]);
      expect(spec.events.of(jobId, 'continuable.resume')).toEqual([]);
      expect(job.data).toEqual({ args: { items: 3, failAt: { item: 1, inExecutions: [1, 2] } } });
    });

    it('fails when its attempts are used up; a checkpoint alone does not count as progress', async () => {
      const jobId = await spec.enqueue(PurgeThenFail, undefined);

      const job = await spec.settled(jobId, 'failed');

      expect(job.failedReason).toBe('purge failed after a checkpoint');
      expect(job.data).toEqual({}); // nothing stored: there was no progress to keep
      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1] });
      expect(spec.events.of(jobId, 'continuable.step-completed')).toEqual([
        expect.objectContaining({
          step: 'purge',
          interrupted: false,
          error: { name: 'PlannedFailure', message: 'purge failed after a checkpoint' },
        }),
      ]);
    });

    it('keeps the stored continuation, so a BullMQ retry of a resumed job resumes from the cursor', async () => {
      // Interrupted at item 3; on resume, item 4 fails at once (no progress): a normal BullMQ retry.
      await spec.runtime.flags.set('jobs', 'retry-resumes', { kind: 'at-cursor', cursor: 3 });
      const jobId = await spec.enqueue(
        ProcessItems,
        { items: 6, failAt: { item: 4, inExecutions: [2] } },
        { jobId: 'retry-resumes', attempts: 2 },
      );

      const job = await spec.settled(jobId, 'completed');

      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2, 3], 3: [4, 5, 6] });
      expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
      expect(spec.events.of(jobId, 'continuable.resume-scheduled').map((e) => e.cause)).toEqual(['interrupt']);
      // Executions 2 and 3 both resumed from the stored cursor; only the failure counted as an attempt.
      expect(spec.events.of(jobId, 'continuable.resume').map((e) => e.current)).toEqual([
        ['process', 3],
        ['process', 3],
      ]);
      expect(job.attemptsMade).toBe(2);
    });
  });

  describe('after making progress in its execution', () => {
    it('is resumed from its cursor instead of failing, and the error is not a failed attempt', async () => {
      const jobId = await spec.enqueue(ProcessItems, { items: 6, failAt: { item: 4, inExecutions: [1] } });

      const job = await spec.settled(jobId, 'completed');

      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2, 3], 2: [4, 5, 6] });
      expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
      expect(spec.events.of(jobId, 'continuable.resume-scheduled')).toEqual([
        expect.objectContaining({
          cause: 'error',
          error: { name: 'PlannedFailure', message: 'item 4 failed in execution 1' },
          continuation: { completed: [], current: ['process', 3] },
        }),
      ]);
      // Stored as Rails does when re-enqueuing: resumptions so far (0), and one re-enqueue after an error.
      expect(job.data).toMatchObject({ resumptions: 0, errorResumptions: 1 });
      expect(spec.events.of(jobId, 'continuable.completed')[0]).toMatchObject({ resumptions: 1, execution: 2 });
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toBeUndefined();
    });

    it('fails when the error comes again at the same cursor: no progress, so no second resumption', async () => {
      const jobId = await spec.enqueue(ProcessItems, { items: 6, failAt: { item: 4 } });

      const job = await spec.settled(jobId, 'failed');

      expect(job.failedReason).toBe('item 4 failed in execution 2');
      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2, 3] });
      expect(spec.events.of(jobId, 'continuable.resume-scheduled').map((e) => e.cause)).toEqual(['error']);
      // Its data still says where it stands, for whoever retries it.
      expect(job.data).toEqual({
        args: { items: 6, failAt: { item: 4 } },
        continuation: { completed: [], current: ['process', 3] },
        resumptions: 0,
        errorResumptions: 1,
      });
    });
  });

  describe('with resumeErrorsAfterAdvancing: false', () => {
    it("hands an error after progress to BullMQ's attempts, and that execution's progress is not kept", async () => {
      const jobId = await spec.enqueue(ProcessItemsNoErrorResume, { items: 5, failAt: { item: 4, inExecutions: [1] } }, { attempts: 2 });

      const job = await spec.settled(jobId, 'completed');

      // The retry started over: the continuation is written only when the job resumes (as in Rails).
      expect(spec.events.of(jobId, 'continuable.resume-scheduled')).toEqual([]);
      expect(spec.events.of(jobId, 'continuable.resume')).toEqual([]);
      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2, 3], 2: [1, 2, 3, 4, 5] });
      expect(await itemsDoneTwice(env.orm, jobId)).toEqual([1, 2, 3]);
      expect(job.attemptsMade).toBe(2);
      expect(job.data).toEqual({ args: { items: 5, failAt: { item: 4, inExecutions: [1] } } });
    });
  });
});
