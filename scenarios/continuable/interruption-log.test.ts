import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob, logContinuableEvents, type LogLevel } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';
import { ProcessItems } from './support/process-items-job.js';
import { recordStep } from './support/step-ledger.js';

/** Rails' LinearJob: two steps without cursors. */
class LinearSteps extends ContinuableJob<void, SpecServices> {
  static override resume = { delayMs: 20 };

  async perform(): Promise<void> {
    await this.step('step_one', () => recordStep(this.services.orm, this.job, 1));
    await this.step('step_two', () => recordStep(this.services.orm, this.job, 2));
  }
}

describe('the log lines of an interrupted continuable job (Rails log subscriber wording)', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec;
  const lines: { jobId: string; level: LogLevel; line: string }[] = [];
  const logOf = (jobId: string) => lines.filter((entry) => entry.jobId === jobId);
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [LinearSteps, ProcessItems]);
    logContinuableEvents(spec.runtime.events, (line, level, jobId) => lines.push({ jobId, level, line }));
  });

  it('logs an interruption after a step, then the skip and the resumption', async () => {
    await spec.runtime.flags.set('jobs', 'linear-1', { kind: 'now' });
    const jobId = await spec.enqueue(LinearSteps, undefined, { jobId: 'linear-1' });
    await spec.settled(jobId, 'completed');

    const log = logOf(jobId).map((entry) => entry.line.replace(/ in \d+ms$/, ''));
    expect(log).toEqual([
      "Step 'step_one' started for LinearSteps (Job ID: linear-1)",
      "Step 'step_one' completed for LinearSteps (Job ID: linear-1)",
      "Interrupted LinearSteps (Job ID: linear-1) after 'step_one' (flag)",
      "Resuming LinearSteps (Job ID: linear-1) after 'step_one'",
      "Step 'step_one' skipped LinearSteps",
      "Step 'step_two' started for LinearSteps (Job ID: linear-1)",
      "Step 'step_two' completed for LinearSteps (Job ID: linear-1)",
    ]);
  });

  it('logs an interruption during a step with its cursor, and the step resumed from it', async () => {
    await spec.runtime.flags.set('jobs', 'during-1', { kind: 'at-cursor', cursor: 2 });
    const jobId = await spec.enqueue(ProcessItems, { items: 3 }, { jobId: 'during-1' });
    await spec.settled(jobId, 'completed');

    const log = logOf(jobId).map((entry) => entry.line.replace(/ in \d+ms$/, ''));
    expect(log).toEqual([
      "Step 'process' started for ProcessItems (Job ID: during-1)",
      // As in Rails: the interrupt is logged where it is raised, then the step ends interrupted.
      "Interrupted ProcessItems (Job ID: during-1) at 'process', cursor '2' (flag)",
      "Step 'process' interrupted at cursor '2' for ProcessItems (Job ID: during-1)",
      "Resuming ProcessItems (Job ID: during-1) at 'process', cursor '2'",
      "Step 'process' resumed from cursor '2' for ProcessItems (Job ID: during-1)",
      "Step 'process' completed for ProcessItems (Job ID: during-1)",
      "Step 'finish' started for ProcessItems (Job ID: during-1)",
      "Step 'finish' completed for ProcessItems (Job ID: during-1)",
    ]);
    expect(logOf(jobId).every((entry) => entry.level === 'info')).toBe(true);
  });

  it('logs an error inside a step at the error level, with the cursor it had reached', async () => {
    const jobId = await spec.enqueue(ProcessItems, { items: 3, failAt: { item: 1 } }, { jobId: 'error-1', attempts: 1 });
    await spec.settled(jobId, 'failed');

    const errors = logOf(jobId).filter((entry) => entry.level === 'error');
    expect(errors.map((entry) => entry.line.replace(/ in \d+ms:/, ':'))).toEqual([
      "Error during step 'process' at cursor 'null' for ProcessItems (Job ID: error-1): PlannedFailure (item 1 failed in execution 1)",
    ]);
  });
});
