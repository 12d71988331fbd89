import type { MikroORM } from '@mikro-orm/postgresql';
import { Queue, type Job } from 'bullmq';
import { isCancelledResult, readPublishedProgress } from 'resumable-jobs/runtime';
import type { RedisConnection } from 'resumable-jobs/runtime';
import { discoverQueues } from './discover-queues.js';
import { demoJobOf, demoJobTotal, ledgerDoneCounts } from './demo-job-scope.js';
import { RateTracker } from './rate-tracker.js';
import { describeStoredCheckpoint } from './stored-checkpoint.js';
import type { JobRow, JobState, MonitorFrame, QueueSummary } from './types.js';

export interface MonitorSourceOptions {
  redis: RedisConnection;
  orm: MikroORM;
  prefix: string;
  /** Queues to watch; none: every queue found under the prefix at each refresh. */
  queues?: string[];
  /** Finished jobs shown per queue and state (the most recent). */
  recentFinished?: number;
}

const IN_FLIGHT = ['active', 'waiting', 'prioritized', 'delayed'] as const;

/**
 * Reads one monitor frame: queue counts, and per job the progress the engines published with
 * job.updateProgress, its stored checkpoint and its ledger count. Reads only: it never writes to
 * Redis or the database, so watching costs the jobs nothing per item.
 */
export class MonitorSource {
  private readonly queues = new Map<string, Queue>();
  private readonly totals = new Map<string, number>();
  private readonly rates = new RateTracker();

  constructor(private readonly options: MonitorSourceOptions) {}

  async read(now = Date.now()): Promise<MonitorFrame> {
    const names = this.options.queues?.length ? this.options.queues : await discoverQueues(this.options.redis, this.options.prefix);
    const summaries: QueueSummary[] = [];
    const jobs: { job: Job; state: JobState }[] = [];
    for (const name of names) {
      const queue = this.queue(name);
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
      summaries.push({
        name,
        counts: {
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          completed: counts.completed ?? 0,
          failed: counts.failed ?? 0,
        },
      });
      for (const state of IN_FLIGHT) {
        for (const job of await queue.getJobs([state], 0, 49, true)) jobs.push({ job, state });
      }
      const recent = this.options.recentFinished ?? 5;
      for (const state of ['completed', 'failed'] as const) {
        for (const job of await queue.getJobs([state], 0, recent - 1, false)) jobs.push({ job, state });
      }
    }
    const em = this.options.orm.em.fork();
    const done = await ledgerDoneCounts(em, jobs.map(({ job }) => String(job.id)));
    const rows: JobRow[] = [];
    for (const { job, state } of jobs) rows.push(await this.row(job, state, done, now));
    rows.sort(byQueueThenId);
    this.rates.retain(new Set(rows.map((row) => `${row.queue}/${row.jobId}`)));
    return { at: now, prefix: this.options.prefix, queues: summaries, rows };
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  private async row(job: Job, state: JobState, doneCounts: Map<string, number>, now: number): Promise<JobRow> {
    const jobId = String(job.id);
    const progress = readPublishedProgress(job.progress);
    const demo = demoJobOf(job.name);
    const engine = progress?.engine ?? demo?.engine ?? '?';
    const done = demo ? (doneCounts.get(jobId) ?? 0) : undefined;
    const key = `${job.queueName}/${jobId}`;
    return {
      queue: job.queueName,
      jobId,
      engine,
      job: job.name.startsWith(`${engine}.`) ? job.name.slice(engine.length + 1) : job.name,
      state: state === 'completed' && isCancelledResult(job.returnvalue) ? 'cancelled' : state,
      done,
      total: demo ? await this.total(key, demo.job, job) : undefined,
      rate: state === 'active' ? this.rates.sample(key, done ?? progress?.items ?? 0, now) : undefined,
      step: progress?.step,
      cursor: progress?.cursor ?? null,
      interruptions: progress?.interruptions ?? 0,
      checkpointAgeMs: progress?.checkpointAt === undefined ? undefined : Math.max(0, now - progress.checkpointAt),
      publishedItems: progress?.items,
      stored: await describeStoredCheckpoint(this.options.redis, this.options.prefix, job, engine),
    };
  }

  private async total(key: string, demoJob: Parameters<typeof demoJobTotal>[1], job: Job): Promise<number | undefined> {
    const known = this.totals.get(key);
    if (known !== undefined) return known;
    const args = (job.data as { args?: unknown } | undefined)?.args;
    if (typeof args !== 'object' || args === null) return undefined;
    const total = await demoJobTotal(this.options.orm.em.fork(), demoJob, args);
    this.totals.set(key, total);
    return total;
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.options.redis, prefix: this.options.prefix });
      queue.on('error', () => undefined); // the next read reports a lost connection
      this.queues.set(name, queue);
    }
    return queue;
  }
}

/** Rows keep their place between refreshes: by queue, then job id (numeric ids in number order). */
function byQueueThenId(a: JobRow, b: JobRow): number {
  return a.queue.localeCompare(b.queue) || a.jobId.localeCompare(b.jobId, 'en', { numeric: true });
}
