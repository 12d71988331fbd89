import type { Worker } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob } from 'resumable-jobs/continuable';
import type { JobClass } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsByExecution, range, recordItem } from '../support/spec/item-ledger.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

type Deploy = { release: number; deployWorker?: Worker };

/** Wraps each item in a catch-all that logs and goes on: it also catches the engine's interrupt. */
class ImportSwallowingErrors extends ContinuableJob<void, SpecServices> {
  async perform() {
    await this.step<number>('import', async (step) => {
      for (const item of range(5)) {
        try {
          await recordItem(this.services.orm, continuableOrigin(this.job), item);
          await step.set(item);
        } catch {
          // "log and carry on": this is the bug the engine must not let through
        }
      }
    });
  }
}

/** Forgets to await its step. */
class ForgetsToAwait extends ContinuableJob<void, SpecServices> {
  async perform() {
    void this.step('export', () => recordItem(this.services.orm, continuableOrigin(this.job), 1));
  }
}

class DuplicateSteps extends ContinuableJob<void, SpecServices> {
  async perform() {
    await this.step('duplicate', () => undefined);
    await this.step('duplicate', () => undefined);
  }
}

class NestedSteps extends ContinuableJob<void, SpecServices> {
  async perform() {
    await this.step('outer_step', () => this.step('inner_step', () => undefined));
  }
}

class StepMethodWithTwoArguments extends ContinuableJob<void, SpecServices> {
  async perform() {
    await this.step('reconcile');
  }
  protected reconcile(_first: unknown, _second: unknown) {}
}

class StepWithoutBody extends ContinuableJob<void, SpecServices> {
  async perform() {
    await this.step('vanished');
  }
}

/** Release 1 iterates; release 2 (deployed while the job waited to resume) has renamed that step. */
class RenamedStepAcrossDeploy extends ContinuableJob<void, SpecServices<Deploy>> {
  static override resume = { delayMs: 60_000 }; // the scenario promotes it once it has deployed

  async perform() {
    if (this.services.release === 1) {
      await this.step<number>(
        'iterating',
        async (step) => {
          while (step.cursor! < 4) {
            await recordItem(this.services.orm, continuableOrigin(this.job), step.cursor!);
            await step.advance();
          }
        },
        { start: 0 },
      );
    } else {
      await this.step('unexpected', () => undefined);
    }
  }
}

/** Release 2 inserts a step between two that release 1 had already completed. */
class InsertedStepAcrossDeploy extends ContinuableJob<void, SpecServices<Deploy>> {
  static override resume = { delayMs: 20 };

  async perform() {
    await this.step('one', () => undefined);
    await this.step('two', () => undefined);
    if (this.services.release === 2) await this.step('two_and_a_half', () => undefined);
    await this.step('three', () => this.deployDuringThisStep());
    await this.step('four', () => undefined);
  }

  /** The old release's worker shuts down while step three runs: the job stops after 'three'. */
  private async deployDuringThisStep() {
    const worker = this.services.deployWorker;
    if (this.services.release !== 1 || !worker) return;
    const closing = new Promise((resolve) => worker.once('closing', resolve));
    void worker.close();
    await closing;
  }
}

describe('a continuable job whose steps or checkpoints break the rules', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<Deploy>;
  const deploy: Deploy = { release: 1 };
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [
      DuplicateSteps,
      NestedSteps,
      StepMethodWithTwoArguments,
      StepWithoutBody,
      RenamedStepAcrossDeploy,
      InsertedStepAcrossDeploy,
      ImportSwallowingErrors,
      ForgetsToAwait,
    ], { extra: deploy });
  });

  /** Runs a job allowed 3 attempts and returns it once failed: these errors are never retried. */
  async function failed(cls: JobClass<SpecServices<Deploy>>, options: { jobId?: string; queueName?: string } = {}) {
    const jobId = await spec.enqueue(cls, undefined, { attempts: 3, ...options });
    const job = await spec.settled(jobId, 'failed', options.queueName);
    expect(job.attemptsMade).toBe(1);
    return job;
  }

  it('fails at once on a duplicate step name', async () => {
    const job = await failed(DuplicateSteps);
    expect(job.failedReason).toBe("Step 'duplicate' has already been encountered; give each step of perform() its own name");
  });

  it('fails at once on a step nested in another', async () => {
    const job = await failed(NestedSteps);
    expect(job.failedReason).toBe(
      "Step 'inner_step' is nested inside step 'outer_step'; steps run one after another: call this.step() from " +
        "perform(), not from a step's body, and await each call",
    );
  });

  it('fails at once on a step method that takes more than the step', async () => {
    expect((await failed(StepMethodWithTwoArguments)).failedReason).toBe("Step method 'reconcile' must accept 0 or 1 arguments");
    expect((await failed(StepWithoutBody)).failedReason).toBe(
      "Step 'vanished' has no body: pass a function, or define a method 'vanished' on StepWithoutBody",
    );
  });

  it('fails on resume when the step it stopped in is gone from the new release', async () => {
    deploy.release = 1;
    await spec.runtime.flags.set('jobs', 'renamed-1', { kind: 'at-cursor', cursor: 2 });
    const jobId = await spec.enqueue(RenamedStepAcrossDeploy, undefined, { jobId: 'renamed-1', attempts: 3 });
    const waiting = await spec.settled(jobId, 'delayed');
    expect(waiting.data.continuation).toEqual({ completed: [], current: ['iterating', 2] });

    deploy.release = 2;
    await waiting.promote();
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toBe(
      "Step 'unexpected' found, expected to resume from 'iterating'; the job stopped in step 'iterating', which this " +
        'code does not reach next (renamed or removed in a deploy?): restore that step, or remove the job and ' +
        'enqueue it again',
    );
    expect(job.attemptsMade).toBe(1);
    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [0, 1] }); // nothing redone, nothing skipped
    expect(job.data.continuation).toEqual({ completed: [], current: ['iterating', 2] });
  });

  it('fails on resume when the new release meets the completed steps in another order', async () => {
    deploy.release = 1;
    deploy.deployWorker = spec.runtime.startWorker({ queueName: 'deploys' });
    const jobId = await spec.enqueue(InsertedStepAcrossDeploy, undefined, { queueName: 'deploys', attempts: 3 });
    const waiting = await spec.settled(jobId, 'delayed', 'deploys');
    expect(waiting.data.continuation).toEqual({ completed: ['one', 'two', 'three'] });

    deploy.release = 2;
    spec.runtime.startWorker({ queueName: 'deploys' });
    const job = await spec.settled(jobId, 'failed', 'deploys');

    expect(job.failedReason).toBe(
      "Step 'two_and_a_half' found, expected to see 'three'; the job completed 'one', 'two', 'three' in that order " +
        'and this code reaches its steps in another order: keep completed steps where they were (add new steps after ' +
        'them), or remove the job and enqueue it again',
    );
    expect(job.attemptsMade).toBe(1);
  });

  it('fails instead of completing a step whose catch-all swallowed the interrupt', async () => {
    await spec.runtime.flags.set('jobs', 'swallow-1', { kind: 'at-cursor', cursor: 2 });
    const jobId = await spec.enqueue(ImportSwallowingErrors, undefined, { jobId: 'swallow-1' });

    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toBe(
      "Step 'import' returned normally after it was interrupted (Interrupted at 'import', cursor '2' (flag)): a " +
        'catch block swallowed the ContinuationInterrupt, or a step.set()/advance()/checkpoint() was not awaited. ' +
        'Await every checkpoint and rethrow interrupts from catch blocks: if (isContinuationInterrupt(error)) throw error',
    );
    expect(spec.events.of(jobId, 'continuable.interrupt')).toHaveLength(1);
    expect(spec.events.of(jobId, 'continuable.resume-scheduled')).toEqual([]);
    expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: range(5) });
  });

  it('fails instead of completing while a step that was not awaited is still running', async () => {
    const jobId = await spec.enqueue(ForgetsToAwait, undefined);

    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toBe("Step 'export' was still running when perform() returned; await every this.step() call");
  });
});
