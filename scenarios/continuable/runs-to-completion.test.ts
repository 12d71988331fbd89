import { beforeAll, describe, expect, it } from 'vitest';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { itemsByExecution, range } from '../support/spec/item-ledger.js';
import { ProcessItems } from './support/process-items-job.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

describe('a continuable job that nobody interrupts', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<object>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [ProcessItems]);
  });

  it('runs every step once, in one execution, and is never re-enqueued', async () => {
    const jobId = await spec.enqueue(ProcessItems, { items: 7 });

    const job = await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: range(7) });
    expect(await itemsByExecution(env.orm, jobId, 'spec.finished')).toEqual({ 1: [0] });
    expect(job.attemptsStarted).toBe(1);
    // Nothing was stored: the continuation is written only when the job stops early.
    expect(job.data).toEqual({ args: { items: 7 } });
    expect(spec.events.story(jobId)).toEqual([
      'step-started:process',
      'step-completed:process',
      'step-started:finish',
      'step-completed:finish',
      'completed',
    ]);
    const [processed] = spec.events.of(jobId, 'continuable.step-completed');
    expect(processed).toMatchObject({ step: 'process', cursor: 7, interrupted: false, execution: 1 });
    expect(processed!.durationMs).toBeGreaterThanOrEqual(0);
    expect(spec.events.of(jobId, 'continuable.completed')).toEqual([
      expect.objectContaining({ completed: ['process', 'finish'], resumptions: 0, checkpointWrites: 0 }),
    ]);
  });

  it('runs a job whose data carries no continuation at all (added by hand, or by an older release) as a fresh one', async () => {
    const added = await spec.runtime.queue().add('ProcessItems', { args: { items: 3 } }, { jobId: 'no-continuation' });

    const job = await spec.settled(String(added.id), 'completed');

    expect(await itemsByExecution(env.orm, 'no-continuation')).toEqual({ 1: range(3) });
    expect(spec.events.of('no-continuation', 'continuable.resume')).toEqual([]);
    expect(job.data).toEqual({ args: { items: 3 } });
  });
});
