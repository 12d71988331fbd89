import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob, type Step } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsByExecution, itemsDoneTwice, range, recordItem } from '../support/spec/item-ledger.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';
import { recordStep, stepsByExecution } from './support/step-ledger.js';

type Outbox = { outbox: number[] };

/** Rails' ContinuableLinearJob: four steps in the method form, no cursors. */
class FulfilOrder extends ContinuableJob<void, SpecServices<Outbox>> {
  static override resume = { delayMs: 20 };

  async perform(): Promise<void> {
    await this.step('reserve'); // calls this.reserve()
    await this.step('charge');
    await this.step('ship'); // calls this.ship(step)
    await this.step('notify', this.notify); // a method passed by reference works too
  }

  protected reserve() {
    return recordStep(this.services.orm, this.job, 1);
  }
  protected charge() {
    return recordStep(this.services.orm, this.job, 2);
  }
  protected async ship(step: Step) {
    await recordStep(this.services.orm, this.job, 3);
    await step.checkpoint();
  }
  protected notify() {
    return recordStep(this.services.orm, this.job, 4);
  }
}

/** Rails' ContinuableDeletingJob: drains a list; the list itself is the progress, so no cursor. */
class DrainOutbox extends ContinuableJob<void, SpecServices<Outbox>> {
  static override resume = { delayMs: 20 };

  async perform(): Promise<void> {
    await this.step('drain', async (step) => {
      for (let id = this.services.outbox.shift(); id !== undefined; id = this.services.outbox.shift()) {
        await recordItem(this.services.orm, continuableOrigin(this.job), id);
        await step.checkpoint(); // may stop here; nothing to remember but the step itself
      }
    });
  }
}

describe('steps without cursors', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<Outbox>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [FulfilOrder, DrainOutbox], { extra: { outbox: range(10) } });
  });

  it('a job of method steps resumes after the last completed step, which does not run again', async () => {
    // Asked to stop at its first checkpoint: the automatic one before the second step.
    await spec.runtime.flags.set('jobs', 'fulfil-1', { kind: 'now' });
    const jobId = await spec.enqueue(FulfilOrder, undefined, { jobId: 'fulfil-1' });

    const job = await spec.settled(jobId, 'completed');

    expect(await stepsByExecution(env.orm, jobId)).toEqual({ 1: [1], 2: [2, 3, 4] });
    expect(job.data.continuation).toEqual({ completed: ['reserve'] });
    expect(spec.events.story(jobId)).toEqual([
      'step-started:reserve',
      'step-completed:reserve',
      'interrupt:flag',
      'resume-scheduled:flag',
      'resume',
      'step-skipped:reserve',
      'step-started:charge',
      'step-completed:charge',
      'step-started:ship',
      'step-completed:ship',
      'step-started:notify',
      'step-completed:notify',
      'completed',
    ]);
    const [interrupt] = spec.events.of(jobId, 'continuable.interrupt');
    expect(interrupt).toMatchObject({ description: "after 'reserve'", completed: ['reserve'] });
    expect(interrupt).not.toHaveProperty('current');
    expect(spec.events.of(jobId, 'continuable.resume')[0]).toMatchObject({ description: "after 'reserve'", resumptions: 1 });
  });

  it('a step that only calls checkpoint() is interrupted there, and resumes with no cursor yet (undefined; stored in the array as JSON null)', async () => {
    await spec.runtime.flags.set('jobs', 'drain-1', { kind: 'now' });
    const jobId = await spec.enqueue(DrainOutbox, undefined, { jobId: 'drain-1' });

    const scheduled = await spec.events.next(jobId, 'continuable.resume-scheduled');
    expect(scheduled.continuation).toStrictEqual({ completed: [], current: ['drain', undefined] });

    const job = await spec.settled(jobId, 'completed');
    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [1], 2: range(10).slice(1) });
    expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
    expect(spec.services.outbox).toEqual([]);
    expect(job.data.continuation).toEqual({ completed: [], current: ['drain', null] });
    expect(spec.events.of(jobId, 'continuable.step-started').map((e) => [e.cursor, e.resumed])).toEqual([
      [undefined, false],
      [undefined, true],
    ]);
  });
});
