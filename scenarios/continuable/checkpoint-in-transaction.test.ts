import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointInTransactionError, ContinuableJob } from 'resumable-jobs/continuable';
import { inTransactionOf } from 'resumable-jobs/mikro-orm';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsDone, recordItem } from '../support/spec/item-ledger.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { recordEffect } from '../../src/domain/side-effect-ledger.js';

type Args = Record<string, never>;

/** A job whose checkpoints ask MikroORM whether a transaction is open (Rails' JobCheckpoints). */
abstract class GuardedJob extends ContinuableJob<Args, SpecServices> {
  protected override isInTransaction = inTransactionOf(this.services.orm.em);

  /** Records item 1 inside a transaction on a fork of its own, running `inside` before the commit. */
  protected recordInTransaction(inside: () => Promise<void>): Promise<void> {
    const origin = continuableOrigin(this.job);
    return this.services.orm.em.fork().transactional(async (tx) => {
      await recordEffect(tx, { ...origin, kind: 'spec.item', subjectId: 1, idempotencyKey: 'spec.item:1' });
      await inside();
    });
  }
}

/** Rails: `ActiveRecord::Base.transaction { step.checkpoint! }`. */
class CheckpointInTransaction extends GuardedJob {
  async perform(): Promise<void> {
    await this.step('checkpoint_in_transaction', (step) => this.recordInTransaction(() => step.checkpoint()));
  }
}

/** Rails: a transaction opened and committed, then `step.checkpoint!` outside it. */
class CheckpointOutsideTransaction extends GuardedJob {
  async perform(): Promise<void> {
    await this.step('checkpoint_outside_transaction', async (step) => {
      await this.recordInTransaction(async () => {});
      await step.checkpoint();
    });
  }
}

/** The same guard through set(): a cursor stored inside the transaction that records its item. */
class SetInTransaction extends GuardedJob {
  async perform(): Promise<void> {
    await this.step<number>('set_in_transaction', (step) => this.recordInTransaction(() => step.set(1)));
  }
}

/** Another data layer's hook: here, a flag the job keeps itself. The automatic checkpoint before a step is guarded too. */
class OwnHookBetweenSteps extends ContinuableJob<Args, SpecServices> {
  #open = false;
  protected override isInTransaction = () => this.#open;

  async perform(): Promise<void> {
    await this.step('first', (step) => step.checkpoint());
    this.#open = true; // as if a unit of work were opened here and left open into the next step
    await this.step('second', () => recordItem(this.services.orm, continuableOrigin(this.job), 2));
  }
}

describe('a continuable job that checkpoints inside a database transaction (Rails JobCheckpoints, on real Postgres)', () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [CheckpointInTransaction, CheckpointOutsideTransaction, SetInTransaction, OwnHookBetweenSteps]);
  });

  it('checkpoint() inside em.transactional() fails the job at once (Cannot checkpoint job with open transactions), and the transaction rolls back', async () => {
    const jobId = await spec.enqueue(CheckpointInTransaction, {}, { attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain('Cannot checkpoint job with open transactions');
    expect((job.stacktrace ?? []).join('\n')).toContain(CheckpointInTransactionError.name);
    // Unrecoverable: one attempt of three, never resumed, nothing stored.
    expect(job.attemptsMade).toBe(1);
    expect(job.data).toEqual({ args: {} });
    // The error unwound the transaction: the item it recorded is not in the ledger.
    expect(await itemsDone(env.orm, jobId)).toEqual([]);
  });

  it('step.set() inside the transaction is refused the same way', async () => {
    const jobId = await spec.enqueue(SetInTransaction, {});
    const job = await spec.settled(jobId, 'failed');
    expect(job.failedReason).toContain("Cannot checkpoint job with open transactions: SetInTransaction at 'set_in_transaction', cursor '1'");
    expect(await itemsDone(env.orm, jobId)).toEqual([]);
  });

  it('checkpoints outside transactions complete: a transaction committed before the checkpoint is no obstacle', async () => {
    const jobId = await spec.enqueue(CheckpointOutsideTransaction, {});
    const job = await spec.settled(jobId, 'completed');
    expect(job.failedReason).toBeUndefined();
    expect(await itemsDone(env.orm, jobId)).toEqual([1]);
  });

  it("another data layer's isInTransaction hook guards the automatic checkpoint before a step", async () => {
    const jobId = await spec.enqueue(OwnHookBetweenSteps, {});
    const job = await spec.settled(jobId, 'failed');
    expect(job.failedReason).toContain("Cannot checkpoint job with open transactions: OwnHookBetweenSteps after 'first'");
    expect(await itemsDone(env.orm, jobId)).toEqual([]);
  });
});
