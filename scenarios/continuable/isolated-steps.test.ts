import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';
import { recordStep, stepsByExecution } from './support/step-ledger.js';

const STEPS = ['one', 'two', 'three', 'four'] as const;

/** Four steps; the ones named in `isolated` must each start an execution of their own. */
class MigrateTenant extends ContinuableJob<{ isolated: string[] }, SpecServices> {
  static override resume = { delayMs: 20 };

  async perform({ isolated }: { isolated: string[] }): Promise<void> {
    for (const [index, name] of STEPS.entries()) {
      await this.step(name, () => recordStep(this.services.orm, this.job, index + 1), { isolated: isolated.includes(name) });
    }
  }
}

describe('isolated steps', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<object>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [MigrateTenant]);
  });

  it('an isolated step in the middle runs alone: interrupted before it and before the step after it', async () => {
    const jobId = await spec.enqueue(MigrateTenant, { isolated: ['three'] });

    await spec.settled(jobId, 'completed');

    expect(await stepsByExecution(env.orm, jobId)).toEqual({ 1: [1, 2], 2: [3], 3: [4] });
    expect(spec.events.of(jobId, 'continuable.interrupt').map((e) => [e.reason, e.description])).toEqual([
      ['isolating', "after 'two'"],
      ['isolating', "after 'three'"],
    ]);
  });

  it('an isolated first step and an isolated last step each get an execution of their own', async () => {
    const jobId = await spec.enqueue(MigrateTenant, { isolated: ['one', 'four'] });

    await spec.settled(jobId, 'completed');

    expect(await stepsByExecution(env.orm, jobId)).toEqual({ 1: [1], 2: [2, 3], 3: [4] });
    expect(spec.events.of(jobId, 'continuable.interrupt').map((e) => e.reason)).toEqual(['isolating', 'isolating']);
  });
});
