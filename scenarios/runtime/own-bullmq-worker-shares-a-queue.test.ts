import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { JobProducer, Runtime, type ProcessorOptions } from 'resumable-jobs/runtime';
import { createStampTable, type InvoiceServices } from '../docs/examples/invoices.js';
import { StampInvoicesContinuable } from '../docs/examples/stamp-invoices-continuable.js';
import { StampInvoicesIteration } from '../docs/examples/stamp-invoices-iteration.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';

const QUEUE = 'shared';

/**
 * A team that already runs BullMQ keeps its own Worker, its options (a rate limiter here) and its
 * own ioredis connection, and plugs the engines in: the runtime's processor runs both engines' jobs,
 * a plain processor of theirs runs the rest of the queue, and a producer process enqueues without
 * knowing the workers' services.
 */
describe("the team's own BullMQ Worker, one queue for both engines and a plain job", () => {
  let env: ScenarioEnvironment;
  let redis: Redis;
  let db: pg.Pool;
  let producer: JobProducer;
  beforeAll(async () => {
    env = await openScenario('own-bullmq-worker');
    redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
    db = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
    env.onClose(async () => {
      await db.end();
      await redis.quit();
    });
    await createStampTable(db);
    producer = new JobProducer({ connection: redis, prefix: env.prefix, queueName: QUEUE });
    env.onClose(() => producer.close());
  });

  /** The team's worker: their connection and limiter, the runtime's processor, attached. */
  const teamWorker = (runtime: Runtime<InvoiceServices>, options: ProcessorOptions) =>
    runtime.attach(new Worker(QUEUE, runtime.processor(options), { connection: redis, prefix: env.prefix, concurrency: 2, limiter: { max: 50, duration: 1_000 } }));
  const runtimeOf = () => new Runtime<InvoiceServices>({ connection: redis, prefix: env.prefix, queueName: QUEUE, services: { db } }).register(StampInvoicesContinuable, StampInvoicesIteration);
  const stampsOf = async (job: string | undefined) =>
    (await db.query<{ invoice: number; times: number }>('select invoice, count(*)::int as times from stamped_invoices where job = $1 group by invoice order by invoice', [job])).rows;
  const everyInvoiceOnce = Array.from({ length: 12 }, (_, i) => ({ invoice: i + 1, times: 1 }));
  /** Waits until the job has finished for good (completed, or failed with no attempt left). */
  const finishedFor = (job: Job) =>
    waitFor(`job ${job.id} (${job.name}) finished`, () => producer.queue().getJobState(job.id!), (state) => state === 'completed' || state === 'failed');

  it('runs a continuable, an iteration and a plain job; both engines resume after a stop, each invoice once; our connection stays open', async () => {
    // A producer process: no services, args typed by each job class.
    const steps = await producer.enqueue(StampInvoicesContinuable, { count: 12 });
    const items = await producer.enqueue(StampInvoicesIteration, { count: 12 });
    const plain = await producer.queue().add('send-welcome-mail', { to: 'ada@example.com' });

    const runtime = runtimeOf();
    for (const job of [steps, items]) await runtime.flags.set(QUEUE, job.id!, { kind: 'after-items', items: 4 });
    const stopped = Promise.all([
      runtime.events.once('continuable.interrupt', (event) => event.jobId === steps.id),
      runtime.events.once('iteration.interrupted', (event) => event.jobId === items.id),
    ]);
    const worker = teamWorker(runtime, { fallback: async (job) => ({ mailed: (job.data as { to: string }).to }) });
    await stopped;
    for (const job of [plain, steps, items]) await finishedFor(job);
    await worker.close();
    await runtime.close();

    const [stepsJob, itemsJob, plainJob] = await Promise.all([steps, items, plain].map((job) => producer.queue().getJob(job.id!)));
    expect(await Promise.all([stepsJob!, itemsJob!, plainJob!].map((job) => job.getState()))).toEqual(['completed', 'completed', 'completed']);
    expect(plainJob!.returnvalue).toEqual({ mailed: 'ada@example.com' });
    expect(await stampsOf(steps.id)).toEqual(everyInvoiceOnce);
    expect(await stampsOf(items.id)).toEqual(everyInvoiceOnce);
    // Each engine stopped once at 4 items and resumed: two executions, neither a failed attempt.
    expect(itemsJob!.returnvalue).toMatchObject({ outcome: 'completed', executions: 2, interruptions: 1 });
    expect(stepsJob!.failedReason).toBeUndefined();
    // The runtime closed what it opened, not the team's connection.
    expect(await redis.ping()).toBe('PONG');
  });

  it('without a fallback, a job no class answers to fails with its attempts used, not at once', async () => {
    const stranger = await producer.queue().add('nobody-knows-me', {}, { attempts: 2 });
    const runtime = runtimeOf();
    const worker = teamWorker(runtime, {});
    await finishedFor(stranger);
    await worker.close();
    await runtime.close();

    const job = (await producer.queue().getJob(stranger.id!))!;
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(2);
    expect(job.failedReason).toMatch(/No job class is registered as "nobody-knows-me".*fallback/);
  });
});
