import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { OrderProcessor } from '../src/domain/services/order-processor.js';
import { distinctSubjects, ledgerEntries } from '../src/domain/side-effect-ledger.js';
import { seedPendingOrders } from '../src/harness/seeding/index.js';
import type { ExecutableJob, ExecutionContext } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from './support/scenario-environment.js';
import { waitFor } from './support/wait-for.js';

/** The plainest job there is: no engine, just the runtime handing an execution to a class. */
class ProcessGivenOrders implements ExecutableJob {
  constructor(private readonly orm: MikroORM) {}

  async execute({ job }: ExecutionContext): Promise<number> {
    const { orderIds } = job.data as { orderIds: number[] };
    const em = this.orm.em.fork();
    const processor = new OrderProcessor(em, { jobId: String(job.id), engine: 'iteration', execution: 1 });
    for (const id of orderIds) await processor.process(id);
    return orderIds.length;
  }
}

describe('Smoke: Redis, Postgres, a worker and the ledger make a round trip', () => {
  let env: ScenarioEnvironment;
  beforeAll(async () => {
    env = await openScenario('smoke');
  });

  it('processes seeded orders on a real worker and the ledger shows each exactly once', async () => {
    const seeded = await seedPendingOrders(env.orm.em.fork(), 5, 42);
    const runtime = env.runtime({ services: env.orm }).register(ProcessGivenOrders);
    runtime.startWorker();

    const job = await runtime.enqueue(ProcessGivenOrders, { orderIds: seeded.orderIds });
    await waitFor('the job to complete', () => job.getState(), (state) => state === 'completed');

    const em = env.orm.em.fork();
    const handled = [
      ...(await distinctSubjects(em, String(job.id), 'order.processed')),
      ...(await distinctSubjects(em, String(job.id), 'order.failed')),
    ].sort((a, b) => a - b);
    expect(handled).toEqual(seeded.orderIds);
    expect(await ledgerEntries(em, String(job.id))).toHaveLength(5);
    expect((await runtime.queue().getJob(String(job.id)))?.returnvalue).toBe(5);
  });
});
