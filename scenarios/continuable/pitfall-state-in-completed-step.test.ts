import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsByExecution, itemsDoneTwice, recordItem } from '../support/spec/item-ledger.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

type Orders = { pendingOrderIds: () => number[] };

/**
 * The seed plan's job, ported as written: the order ids are loaded inside the 'load_orders' step.
 * A completed step does not run again on resume, so on resume `orderIds` is never assigned.
 */
class ProcessOrdersAsPlanned extends ContinuableJob<void, SpecServices<Orders>> {
  static override resume = { delayMs: 20 };
  private orderIds: number[] | undefined;

  async perform() {
    await this.step('load_orders', () => {
      this.orderIds = this.services.pendingOrderIds();
    });
    await this.step<number>(
      'process_orders',
      async (step) => {
        for (const orderId of this.orderIds!.slice(step.cursor!)) {
          await recordItem(this.services.orm, continuableOrigin(this.job), orderId);
          await step.advance(); // cursor = index of the next order
        }
      },
      { start: 0 },
    );
  }
}

/** The way Rails documents it: state is loaded outside steps, so every execution has it. */
class ProcessOrdersLoadingOutsideSteps extends ContinuableJob<void, SpecServices<Orders>> {
  static override resume = { delayMs: 20 };

  async perform() {
    const orderIds = this.services.pendingOrderIds(); // runs on every execution
    await this.step<number>(
      'process_orders',
      async (step) => {
        for (const orderId of orderIds.slice(step.cursor!)) {
          await recordItem(this.services.orm, continuableOrigin(this.job), orderId);
          await step.advance();
        }
      },
      { start: 0 },
    );
  }
}

describe("the seed plan's pitfall: state assigned in a completed step", () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<Orders>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    const orders = { pendingOrderIds: () => [101, 102, 103, 104, 105] };
    spec = await startSpecRuntime(env, [ProcessOrdersAsPlanned, ProcessOrdersLoadingOutsideSteps], { extra: orders });
  });

  it('is gone on resume: the job that loads its ids inside a step fails after its first interrupt', async () => {
    await spec.runtime.flags.set('jobs', 'as-planned', { kind: 'at-cursor', cursor: 2 });
    const jobId = await spec.enqueue(ProcessOrdersAsPlanned, undefined, { jobId: 'as-planned' });

    const job = await spec.settled(jobId, 'failed');

    expect(spec.events.story(jobId)).toContain('step-skipped:load_orders');
    expect(job.failedReason).toBe("Cannot read properties of undefined (reading 'slice')");
    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [101, 102] });
  });

  it('survives resumption when loaded outside steps: every order processed once', async () => {
    await spec.runtime.flags.set('jobs', 'outside-steps', { kind: 'at-cursor', cursor: 2 });
    const jobId = await spec.enqueue(ProcessOrdersLoadingOutsideSteps, undefined, { jobId: 'outside-steps' });

    await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [101, 102], 2: [103, 104, 105] });
    expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
  });
});
