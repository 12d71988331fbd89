import pg from 'pg';
import { readContinuableProgress, type ContinuableProgress } from 'resumable-jobs/continuable';
import { readIterationProgress, type IterationProgress } from 'resumable-jobs/iteration';
import { Runtime } from 'resumable-jobs/runtime';
import { createStampTable, type InvoiceServices } from './invoices.js';
import { StampInvoicesContinuable } from './stamp-invoices-continuable.js';
import { StampInvoicesIteration } from './stamp-invoices-iteration.js';

export interface Servers {
  redisUrl: string;
  databaseUrl: string;
  prefix: string;
}

export interface Stopped {
  jobIds: { continuable: string; iteration: string };
  /** What each engine had stored while no worker was running. */
  stored: { continuable: ContinuableProgress; iteration: IterationProgress };
}

/** Both jobs stamp 20 invoices; a deploy stops their worker after 5; a new worker finishes them. */
export async function stampInvoicesAcrossADeploy({ redisUrl, databaseUrl, prefix }: Servers): Promise<Stopped> {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await createStampTable(db);
  const runtimeOf = () =>
    new Runtime<InvoiceServices>({ redisUrl, prefix, services: { db } })
      .register(StampInvoicesContinuable, StampInvoicesIteration);

  // 1. Enqueue both jobs and ask each, by a one-shot control flag, to stop after 5 invoices.
  const before = runtimeOf();
  const steps = await before.enqueue(StampInvoicesContinuable, { count: 20 });
  const items = await before.enqueue(StampInvoicesIteration, { count: 20 });
  const jobIds = { continuable: steps.id!, iteration: items.id! };
  for (const jobId of Object.values(jobIds)) {
    await before.flags.set(before.defaultQueueName, jobId, { kind: 'after-items', items: 5 });
  }

  // 2. A worker runs them until both have stopped; then it goes away, as in a deploy.
  const bothStopped = Promise.all([
    before.events.once('continuable.interrupt', (event) => event.jobId === jobIds.continuable),
    before.events.once('iteration.interrupted', (event) => event.jobId === jobIds.iteration),
  ]);
  before.startWorker();
  await bothStopped;
  await before.close();

  // 3. What each engine stored: the continuation in the job's data, the checkpoint hash in Redis.
  const after = runtimeOf();
  const stored = {
    continuable: readContinuableProgress((await after.queue().getJob(jobIds.continuable))!),
    iteration: await readIterationProgress({
      redis: after.redis, prefix, queueName: after.defaultQueueName, jobId: jobIds.iteration,
    }),
  };

  // 4. A new worker resumes each job right after its stored cursor and runs it to the end.
  const bothCompleted = Promise.all([
    after.events.once('continuable.completed', (event) => event.jobId === jobIds.continuable),
    after.events.once('iteration.completed', (event) => event.jobId === jobIds.iteration),
  ]);
  after.startWorker();
  await bothCompleted;
  await after.close();
  await db.end();
  return { jobIds, stored };
}
