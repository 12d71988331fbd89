// Section 7: the demo jobs themselves (MikroORM services doing the real work) on both engines: time
// per item and the ratio between the engines, on fresh data every run.
import type { DemoJob, Engine } from '../../src/harness/reporting/types.js';
import { allDemoJobClasses, applyDemoJobTiming, demoJobs, productionTiming } from '../../src/jobs/catalog.js';
import type { DemoServices } from '../../src/jobs/shared/demo-services.js';
import { jobNameOf } from 'resumable-jobs/runtime';
import { seedDemoData } from '../demo/support/demo-data.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { figuresAgainst, interleavedRounds, type Variant } from './rounds.js';
import { WorkerTimings } from './worker-timings.js';

const JOBS: DemoJob[] = ['orders', 'reports', 'email'];
const ENGINES: Engine[] = ['continuable', 'iteration'];
const ITEM: Record<DemoJob, string> = { orders: 'order', reports: 'customer', email: 'recipient' };
const label = (job: DemoJob, engine: Engine) => `${job}, ${engine}`;

export const demoJobTimes: Section = {
  number: 7,
  title: 'The demo jobs on both engines',
  async measure({ env, sizes, progress }: BenchContext): Promise<SectionResult> {
    // The originals' defaults: progress durable every 5 s on both engines.
    applyDemoJobTiming(productionTiming);
    const runtime = env.runtime<DemoServices>({ services: { orm: env.orm, processing: {} }, queueName: 'bench-demo' }).register(...allDemoJobClasses);
    const worker = runtime.startWorker({ concurrency: 1 });
    const timings = new WorkerTimings(worker);
    await worker.waitUntilReady();
    let seed = 100;
    let runs = 0;
    const items = new Map<string, number>();
    const variants: Variant[] = JOBS.flatMap((job) =>
      ENGINES.map((engine) => ({
        label: label(job, engine),
        run: async () => {
          const data = await seedDemoData(env.orm, job, seed++, sizes.demo);
          items.set(label(job, engine), data.subjectIds.length);
          const cls = demoJobs[job][engine];
          const jobId = `demo-${job}-${engine}-${++runs}`;
          await runtime.enqueue(cls, data.args, { jobId });
          return timings.workerMs(runtime.queue(), jobNameOf(cls), jobId);
        },
      })),
    );
    const samples = await interleavedRounds(variants, sizes.demoRounds, progress);
    await runtime.close();

    const figures = JOBS.flatMap((job) => {
      const jobSamples = new Map(ENGINES.map((engine) => [label(job, engine), samples.get(label(job, engine))!]));
      return figuresAgainst(jobSamples, label(job, 'continuable'), `ms per ${ITEM[job]}`, (variant, ms) => ms / items.get(variant)!);
    });
    return {
      id: 'demo-jobs',
      title: this.title,
      measures:
        `The three demo jobs with their MikroORM services (${sizes.demo.orders.toLocaleString('en-US')} orders; ${sizes.demo.customers} customers × ` +
        `${sizes.demo.ordersPerCustomer} orders for reports; ${sizes.demo.recipients.toLocaleString('en-US')} recipients in batches of ${sizes.demo.emailBatch}), ` +
        `seeded fresh for every run, one job at a time on an in-process worker, progress durable every 5 s; ${sizes.demoRounds} interleaved rounds. ` +
        'Ratio: the iteration job to the continuable job of the same round.',
      figures,
      targets: [],
      charts: [
        {
          title: 'Iteration / continuable, time per item (median of rounds)',
          yAxis: '× continuable',
          bars: JOBS.map((job) => ({ label: job, value: figures.find((f) => f.label === label(job, 'iteration'))!.ratio!.median })),
        },
      ],
      notes: ['Both implementations of a job share their services and scopes; they differ only in how they remember where they are.'],
    };
  },
};
