import { newOperatorJobId } from './operator-job-id.js';
import type { SeedProfileName } from '../../../fixtures/seed-profiles.js';
import { applyDemoJobTiming, demoJobs } from '../../jobs/catalog.js';
import type { OrdersArgs } from '../../jobs/shared/scopes.js';
import type { Engine } from '../reporting/types.js';
import { seedJobData } from './demo-data.js';
import { ENGINES, jobUnits } from './demo-jobs.js';
import { defaultStopUnit } from './demo-options.js';
import { DemoRunError } from './errors.js';
import type { OperatorContext } from './operator-context.js';
import { pollUntil } from './poll-until.js';

/** Interrupted jobs wait this long before a worker would pick them up on its own: `jobs resume` is the way. */
const HELD_FOR_MS = 24 * 60 * 60_000;

export interface InterruptedJob {
  jobId: string;
  engine: Engine;
  /** The unit it stopped at (order 300 of 1,000 for the demo profile). */
  stoppedAt: number;
}

/**
 * The plan's "pre-seeded interrupted job states": one orders job per engine, really run on a worker
 * and stopped by a control flag 30% in, so a real continuation sits in its job data and a real
 * checkpoint hash in Redis. They wait (delayed) until `npm run jobs -- resume <id>` runs them.
 */
export async function seedInterruptedJobs(context: OperatorContext, profile: SeedProfileName, seed: number): Promise<InterruptedJob[]> {
  applyDemoJobTiming({ resumeDelayMs: HELD_FOR_MS, durableEveryMs: 1_000 });
  const { runtime } = context;
  const stopAt = defaultStopUnit('orders', profile);
  const jobs: (InterruptedJob & { cursor: number })[] = [];
  for (const engine of ENGINES) {
    const data = await seedJobData(context.orm.em.fork(), 'orders', profile, seed);
    const jobId = await newOperatorJobId(context, 'orders', engine);
    const cursor = data.subjectIds[stopAt * jobUnits.orders.size - 1]!;
    await runtime.flags.set(runtime.defaultQueueName, jobId, { kind: 'at-cursor', cursor });
    await runtime.enqueue(demoJobs.orders[engine], data.args as OrdersArgs, { jobId });
    jobs.push({ jobId, engine, stoppedAt: stopAt, cursor });
  }
  const worker = runtime.startWorker({ concurrency: jobs.length });
  try {
    const states = await pollUntil(
      'the jobs to stop at their flags',
      () => Promise.all(jobs.map(async (job) => (await runtime.queue().getJob(job.jobId))!.getState())),
      (all) => all.every((state) => state !== 'active' && state !== 'waiting' && state !== 'prioritized'),
      { timeoutMs: 120_000 },
    );
    const wrong = states.findIndex((state) => state !== 'delayed');
    if (wrong >= 0) throw new DemoRunError(`${jobs[wrong]!.jobId} ended ${states[wrong]} instead of stopping at order ${stopAt}`);
  } finally {
    await worker.close();
  }
  return jobs.map(({ jobId, engine, stoppedAt }) => ({ jobId, engine, stoppedAt }));
}
