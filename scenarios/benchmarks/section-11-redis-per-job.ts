// Section 11: what each engine keeps in Redis per job, over what BullMQ keeps for the same job anyway.
// Many jobs interrupted for real (an item budget of one item, then a resume an hour away) are measured
// key by key with MEMORY USAGE against plain BullMQ jobs that ran once and wait in delayed; so are jobs while they run; and one job's keys after 1, 10, 100
// interruptions show whether anything grows with a job's age.
import { DelayedError, Queue, Worker } from 'bullmq';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { connectRedis, jobNameOf, type JobClass, type Runtime } from 'resumable-jobs/runtime';
import { waitFor } from '../support/wait-for.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { PacedContinuable, PacedIteration, PacedPlain, type PacedServices } from './paced-jobs.js';
import { footprintOf, jobKeyPatterns, queueKeyPatterns, scanKeys, type Footprint } from './redis-footprint.js';
import { spreadOf } from './spread.js';
import { atMostTarget } from './targets.js';
import type { Figure, TargetCheck } from './types.js';

const HOUR_MS = 3_600_000;
const ITEMS = 1_000_000;

/** One item per execution (the worker's item budget), then a resume an hour away: an interrupted job at rest. */
class ParkedContinuable extends ContinuableJob<{ items: number }> {
  static jobName = 'bench.parked-continuable';
  static override resume = { delayMs: HOUR_MS };

  async perform(args: { items: number }): Promise<void> {
    await this.step<number>('items', async (step) => {
      for (let i = (step.cursor ?? -1) + 1; i < args.items; i++) await step.set(i);
    });
  }
}

class ParkedIteration extends IterationJob<{ items: number }, number, number> {
  static jobName = 'bench.parked-iteration';
  static override retryBackoffMs: number | undefined = HOUR_MS;

  buildEnumerator(args: { items: number }, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(args.items, { cursor });
  }

  eachIteration(): void {}
}

/** The same, resuming at once: one job interrupted again and again. */
class CyclingContinuable extends ParkedContinuable {
  static override jobName = 'bench.cycling-continuable';
  static override resume = { delayMs: 0 };
}

class CyclingIteration extends ParkedIteration {
  static override jobName = 'bench.cycling-iteration';
  static override retryBackoffMs: number | undefined = 0;
}

const ENGINES = ['continuable', 'iteration'] as const;
type EngineName = (typeof ENGINES)[number];
const PARKED: Record<EngineName, JobClass<unknown>> = { continuable: ParkedContinuable, iteration: ParkedIteration };
const CYCLING: Record<EngineName, JobClass<unknown>> = { continuable: CyclingContinuable, iteration: CyclingIteration };
const INTERRUPTED_EVENT: Record<EngineName, string> = { continuable: 'continuable.resume-scheduled', iteration: 'iteration.interrupted' };

/** A queue's keys without its events stream: BullMQ caps that one (10,000 entries) and shares it among all jobs. */
async function queueFootprint(runtime: Runtime<unknown>, queueName: string): Promise<Footprint> {
  const keys = await scanKeys(runtime.redis, queueKeyPatterns(runtime.prefix, queueName));
  return footprintOf(runtime.redis, keys.filter((key) => !key.endsWith(':events')));
}

const perJob = (engine: Footprint, plain: Footprint, jobs: number) => ({ bytes: (engine.bytes - plain.bytes) / jobs, keys: (engine.keys - plain.keys) / jobs });

export const redisPerJob: Section = {
  number: 11,
  title: 'Redis per job: memory and keys over BullMQ\'s own',
  async measure({ env, sizes, progress }: BenchContext): Promise<SectionResult> {
    const { jobs, interruptions } = sizes.redisPerJob;
    const figures: Figure[] = [];
    const targets: TargetCheck[] = [];
    const notes: string[] = [];

    // BullMQ's own for the same jobs: run once by a plain processor and moved to delayed, an hour away,
    // with the same arguments as data: what BullMQ keeps for a job that ran and waits to run again.
    const plainRuntime = env.runtime<unknown>({ services: undefined });
    const plainQueue = new Queue('bench-redis-plain', { connection: plainRuntime.redis, prefix: env.prefix });
    const plainConnection = connectRedis(env.redisUrl, { maxRetriesPerRequest: null });
    const plainWorker = new Worker(
      'bench-redis-plain',
      async (job, token) => {
        await job.moveToDelayed(Date.now() + HOUR_MS, token);
        throw new DelayedError();
      },
      { connection: plainConnection, prefix: env.prefix, concurrency: 50 },
    );
    env.onClose(async () => {
      await plainWorker.close();
      await plainQueue.close();
      plainConnection.disconnect();
    });
    await plainQueue.addBulk(Array.from({ length: jobs }, () => ({ name: 'plain', data: { items: ITEMS } })));
    await waitFor(`${jobs} plain jobs delayed`, () => plainQueue.getDelayedCount(), (count) => count === jobs, { timeoutMs: 600_000, intervalMs: 250 });
    await plainWorker.close();
    const plain = await queueFootprint(plainRuntime, 'bench-redis-plain');
    const encodingOf = async (queueName: string, jobId: string) => String(await plainRuntime.redis.call('OBJECT', 'ENCODING', `${env.prefix}:${queueName}:${jobId}`));
    const encodings = [`plain BullMQ ${await encodingOf('bench-redis-plain', '1')}`];
    figures.push({ label: `plain BullMQ: ${jobs.toLocaleString('en-US')} delayed jobs`, unit: 'bytes per job', value: spreadOf([plain.bytes / jobs]) });
    for (const engine of ENGINES) {
      const queueName = `bench-redis-${engine}`;
      const runtime = env.runtime<unknown>({ services: undefined, queueName }).register(PARKED[engine]);
      await runtime.queue().addBulk(Array.from({ length: jobs }, () => ({ name: jobNameOf(PARKED[engine]), data: PARKED[engine].jobData!({ items: ITEMS }) })));
      const worker = runtime.startWorker({ concurrency: 50, limits: { itemBudget: 1 } });
      await waitFor(`${jobs} ${engine} jobs interrupted`, () => runtime.queue().getDelayedCount(), (count) => count === jobs, { timeoutMs: 600_000, intervalMs: 250 });
      await worker.close();
      const footprint = await queueFootprint(runtime, queueName);
      encodings.push(`${engine} ${await encodingOf(queueName, '1')}`);
      const extra = perJob(footprint, plain, jobs);
      progress(`${engine}: ${jobs} interrupted jobs, ${Math.round(extra.bytes)} bytes and ${extra.keys.toFixed(2)} keys per job over plain BullMQ`);
      figures.push(
        { label: `${engine}: interrupted job, over BullMQ's own`, unit: 'bytes per job', value: spreadOf([extra.bytes]) },
        { label: `${engine}: interrupted job, keys over BullMQ's own`, unit: 'keys per job', value: spreadOf([extra.keys]) },
      );
      targets.push(
        atMostTarget(
          `${engine}: at most 1 KB per interrupted job over BullMQ's own (${jobs.toLocaleString('en-US')} jobs)`,
          extra.bytes,
          1_024,
          'bytes',
          engine === 'continuable' ? 'the continuation and its counters inside the job data are larger than a cursor' : 'the checkpoint hash (cursor, counters, owner stamp) and its key overhead',
        ),
      );
      await runtime.queue().obliterate({ force: true });
    }

    // Jobs while they run: paced items (50 ms each), all active at once.
    const running = Math.min(50, jobs);
    const servicesRedis = connectRedis(env.redisUrl, { maxRetriesPerRequest: null });
    env.onClose(async () => servicesRedis.disconnect());
    const runningFootprints = new Map<string, Footprint>();
    for (const [name, cls] of [['plain', PacedPlain], ['continuable', PacedContinuable], ['iteration', PacedIteration]] as const) {
      const queueName = `bench-redis-running-${name}`;
      const runtime = env.runtime<PacedServices>({ services: { redis: servicesRedis }, queueName }).register(cls as JobClass<PacedServices>);
      await runtime.queue().addBulk(Array.from({ length: running }, () => ({ name: jobNameOf(cls), data: cls.jobData({ items: 40, workMs: 50 }) })));
      const worker = runtime.startWorker({ concurrency: running });
      await waitFor(`${running} ${name} jobs active`, () => runtime.queue().getActiveCount(), (count) => count === running, { timeoutMs: 60_000, intervalMs: 20 });
      runningFootprints.set(name, await queueFootprint(runtime as Runtime<unknown>, queueName));
      await waitFor(`${running} ${name} jobs completed`, () => runtime.queue().getCompletedCount(), (count) => count === running, { timeoutMs: 120_000, intervalMs: 100 });
      await worker.close();
    }
    for (const engine of ENGINES) {
      const extra = perJob(runningFootprints.get(engine)!, runningFootprints.get('plain')!, running);
      figures.push({ label: `${engine}: running job, over BullMQ's own`, unit: 'bytes per job', value: spreadOf([extra.bytes]) });
    }

    // One job interrupted again and again: its keys after each count of interruptions.
    for (const engine of ENGINES) {
      const queueName = `bench-redis-cycling-${engine}`;
      const runtime = env.runtime<unknown>({ services: undefined, queueName }).register(CYCLING[engine]);
      const bytesAt = new Map<number, number>();
      let seen = 0;
      const last = Math.max(...interruptions);
      const done = new Promise<void>((resolve, reject) => {
        runtime.events.onAny((event) => {
          if (event.name !== INTERRUPTED_EVENT[engine]) return;
          const count = ++seen;
          if (!interruptions.includes(count)) return;
          const jobId = String((event.payload as { jobId: string }).jobId);
          void scanKeys(runtime.redis, jobKeyPatterns(env.prefix, queueName, jobId))
            // The lock comes and goes as the job is picked up again: BullMQ's own, not the job's history.
            .then((keys) => footprintOf(runtime.redis, keys.filter((key) => !key.endsWith(':lock'))))
            .then((footprint) => bytesAt.set(count, footprint.bytes))
            .then(() => count === last && resolve(), reject);
        });
      });
      const job = await runtime.enqueue(CYCLING[engine], { items: ITEMS });
      const worker = runtime.startWorker({ concurrency: 1, limits: { itemBudget: 1 } });
      await done;
      await worker.close();
      await runtime.queue().remove(String(job.id)).catch(() => undefined);
      const first = bytesAt.get(Math.min(...interruptions))!;
      for (const count of interruptions) {
        figures.push({ label: `${engine}: one job's keys after ${count} interruptions`, unit: 'bytes', value: spreadOf([bytesAt.get(count)!]) });
      }
      const growth = bytesAt.get(last)! - first;
      targets.push(
        atMostTarget(
          `${engine}: flat in interruptions (growth from ${Math.min(...interruptions)} to ${last} interruptions)`,
          growth,
          // A cursor and counters with more digits are the only change allowed: a few bytes.
          16,
          'bytes',
          'something is appended per interruption (a log line, a history entry): see the job\'s keys',
        ),
      );
    }
    notes.push(
      `Redis stores a job's hash as ${encodings.join(', ')}: a hash with a field longer than \`hash-max-listpack-value\` (64 bytes by default), such as job data that carries a continuation, ` +
        'leaves the compact listpack encoding for a hashtable, which costs a few hundred bytes by itself.',
      'Continuable keeps its continuation (completed steps, the current step and its cursor, resumption counters) inside the BullMQ job\'s data; iteration keeps its cursor and counters in a hash of its own beside the job, which adds a key.',
      'Not counted: BullMQ\'s events stream, capped at 10,000 entries and shared by all jobs of a queue; the lock key of a running job, BullMQ\'s own on every variant.',
    );
    return {
      id: 'redis-per-job',
      title: this.title,
      measures:
        `${jobs.toLocaleString('en-US')} jobs per engine interrupted for real (a worker with an item budget of one item; the job resumes an hour later), every key of the queue ` +
        'measured with `MEMORY USAGE … SAMPLES 0`, against plain BullMQ jobs with the same arguments run once by a plain processor and moved to delayed an hour away; ' +
        `${running} jobs per variant while they run; and one job per engine interrupted ${interruptions.join(', ')} times in a row (resuming at once).`,
      figures,
      targets,
      charts: [
        {
          title: 'Bytes per interrupted job over BullMQ\'s own',
          yAxis: 'bytes',
          bars: figures.filter((f) => f.label.endsWith('interrupted job, over BullMQ\'s own')).map((f) => ({ label: f.label.split(':')[0]!, value: Math.max(0, f.value.median) })),
        },
      ],
      notes,
    };
  },
};
