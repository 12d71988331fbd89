import { beforeAll, describe, expect, it } from 'vitest';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { itemsByExecution } from '../support/spec/item-ledger.js';
import { ProcessItems } from './support/process-items-job.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

class ProcessItemsResumedByHand extends ProcessItems {
  static override resume = { delayMs: 60_000 }; // the scenario edits the job, then promotes it
}

describe('a continuable job whose stored continuation is not one the engine wrote', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<object>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [ProcessItemsResumedByHand]);
  });

  it('fails loudly when its continuation was edited to garbage in Redis, and restarts nothing', async () => {
    await spec.runtime.flags.set('jobs', 'edited-1', { kind: 'at-cursor', cursor: 3 });
    const jobId = await spec.enqueue(ProcessItemsResumedByHand, { items: 6 }, { jobId: 'edited-1', attempts: 3 });
    const waiting = await spec.settled(jobId, 'delayed');

    // Someone "fixes" the job by hand while it waits to resume.
    const edited = { ...waiting.data, continuation: { completed: 'process', current: ['process'] } };
    await spec.runtime.redis.hset(`${env.prefix}:jobs:${jobId}`, 'data', JSON.stringify(edited));
    await waiting.promote();
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toBe(
      `Job edited-1 (ProcessItemsResumedByHand) has malformed continuation data: 'continuation.completed' must be a ` +
        'list of step names, found "process". The engine will not guess where to resume. Fix the job data (shape: ' +
        '{ args, continuation?: { completed: string[], current?: [step, cursor] }, resumptions?: number }) and retry ' +
        'the job, or remove it and enqueue it again to start over',
    );
    expect(job.attemptsMade).toBe(1);
    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2, 3] });
    expect(spec.events.of(jobId, 'continuable.step-started')).toHaveLength(1); // only the first execution's
  });

  it('fails loudly when the job was added to the queue with raw arguments instead of jobData(args)', async () => {
    const added = await spec.runtime.queue().add('ProcessItemsResumedByHand', { items: 6 }, { jobId: 'raw-1' });

    const job = await spec.settled(String(added.id), 'failed');

    expect(job.failedReason).toContain(
      "has malformed continuation data: the job data has no 'args' but has 'items': it looks like raw arguments; " +
        'enqueue with runtime.enqueue(ProcessItemsResumedByHand, args), which stores ProcessItemsResumedByHand.jobData(args)',
    );
    expect(await itemsByExecution(env.orm, 'raw-1')).toEqual({});
  });
});
