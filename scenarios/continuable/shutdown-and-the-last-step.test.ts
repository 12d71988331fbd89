import type { Worker } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime } from '../support/spec/spec-runtime.js';
import { recordStep, stepsByExecution } from './support/step-ledger.js';

type Hooks = { shutDownDuring: string; worker: Worker | undefined; shutDown?: boolean };

/** Two steps without cursors; the scenario shuts the worker down while one of them runs. */
class PublishCatalogue extends ContinuableJob<void, SpecServices<Hooks>> {
  static override resume = { delayMs: 20 };

  async perform(): Promise<void> {
    await this.step('render', () => this.work('render', 1));
    await this.step('upload', () => this.work('upload', 2));
  }

  private async work(step: string, position: number): Promise<void> {
    const { worker, shutDownDuring } = this.services;
    if (worker && shutDownDuring === step) {
      // A deploy: the worker starts closing, which aborts this job's signal ('shutdown').
      const closing = new Promise((resolve) => worker.once('closing', resolve));
      void worker.close();
      await closing;
      this.services.shutDown = true;
    }
    await recordStep(this.services.orm, this.job, position);
  }
}

describe('a worker shutting down while a job runs its steps', () => {
  let env: ScenarioEnvironment;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
  });

  it('completes the job if the shutdown comes during the last step: there is no checkpoint after it', async () => {
    const hooks: Hooks = { shutDownDuring: 'upload', worker: undefined };
    const spec = await startSpecRuntime(env, [PublishCatalogue], { extra: hooks, queues: ['last-step'] });
    hooks.worker = spec.workers[0];
    const jobId = await spec.enqueue(PublishCatalogue, undefined, { queueName: 'last-step' });

    const job = await spec.settled(jobId, 'completed', 'last-step');

    expect(hooks.shutDown).toBe(true);
    expect(await stepsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2] });
    expect(spec.events.of(jobId, 'continuable.interrupt')).toEqual([]);
    expect(job.data).toEqual({});
    expect(job.attemptsStarted).toBe(1);
  });

  it('stops before the next step if the shutdown comes earlier, and a new worker finishes the job', async () => {
    const hooks: Hooks = { shutDownDuring: 'render', worker: undefined };
    const spec = await startSpecRuntime(env, [PublishCatalogue], { extra: hooks, queues: ['early-step'] });
    hooks.worker = spec.workers[0];
    const jobId = await spec.enqueue(PublishCatalogue, undefined, { queueName: 'early-step' });

    const interrupted = await spec.events.next(jobId, 'continuable.interrupt');
    expect(interrupted).toMatchObject({ reason: 'shutdown', description: "after 'render'", completed: ['render'] });
    expect((await spec.settled(jobId, 'delayed', 'early-step')).data.continuation).toEqual({ completed: ['render'] });

    // The next deploy's worker picks it up.
    spec.runtime.startWorker({ queueName: 'early-step' });
    await spec.settled(jobId, 'completed', 'early-step');
    expect(await stepsByExecution(env.orm, jobId)).toEqual({ 1: [1], 2: [2] });
  });
});
