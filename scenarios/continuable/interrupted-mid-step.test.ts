import { beforeAll, describe, expect, it } from 'vitest';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { itemsByExecution, itemsDoneTwice, range } from '../support/spec/item-ledger.js';
import { ProcessItems } from './support/process-items-job.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

describe('a continuable job interrupted in the middle of a step', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<object>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [ProcessItems], { startWorkers: false });
  });

  it('stores the step and cursor, then resumes exactly after the cursor with no item done twice', async () => {
    // Given a job of 10 items, asked (by a control flag) to stop once its cursor reaches item 4.
    await spec.runtime.flags.set('jobs', 'mid-step', { kind: 'at-cursor', cursor: 4 });
    const jobId = await spec.enqueue(ProcessItems, { items: 10 }, { jobId: 'mid-step' });

    // It runs until the checkpoint at item 4, then is re-enqueued (the same job, delayed).
    const worker = spec.runtime.startWorker();
    const scheduled = await spec.events.next(jobId, 'continuable.resume-scheduled');
    expect(scheduled).toMatchObject({ cause: 'interrupt', reason: 'flag', delayMs: 20, queue: 'jobs', resumptions: 0 });
    const interrupted = spec.events.of(jobId, 'continuable.interrupt')[0];
    expect(interrupted).toMatchObject({
      reason: 'flag',
      description: "at 'process', cursor '4'",
      completed: [],
      current: ['process', 4],
      execution: 1,
    });

    // It resumes on its own after the delay and completes.
    const job = await spec.settled(jobId, 'completed');

    // Items 1-4 in the first execution, 5-10 in the second: none twice, none skipped.
    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: range(4), 2: [5, 6, 7, 8, 9, 10] });
    expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
    // What was stored when it stopped is what it resumed from.
    expect(job.data).toEqual({
      args: { items: 10 },
      continuation: { completed: [], current: ['process', 4] },
      resumptions: 0,
    });
    expect(spec.events.of(jobId, 'continuable.resume')).toEqual([
      expect.objectContaining({ description: "at 'process', cursor '4'", current: ['process', 4], resumptions: 1, execution: 2 }),
    ]);
    expect(spec.events.of(jobId, 'continuable.step-started')).toEqual([
      expect.objectContaining({ step: 'process', cursor: undefined, resumed: false, execution: 1 }),
      expect.objectContaining({ step: 'process', cursor: 4, resumed: true, execution: 2 }),
      expect.objectContaining({ step: 'finish', cursor: undefined, resumed: false, execution: 2 }),
    ]);
    expect(spec.events.of(jobId, 'continuable.step-completed').map((e) => [e.step, e.cursor, e.interrupted])).toEqual([
      ['process', 4, true],
      ['process', 10, false],
      ['finish', undefined, false],
    ]);
    // Two executions, one completion: the interruption was not counted as a failed attempt.
    expect(job.attemptsStarted).toBe(2);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBeUndefined();
    await worker.close();
  });
});
