import type { Queue } from 'bullmq';
import type { RedisConnection } from 'resumable-jobs/runtime';
import { readStoredProgress, storedCursor, type OperatorProgress } from '../operator/stored-progress.js';
import type { DemoJob, Engine } from '../reporting/types.js';

/**
 * Without idempotency keys a resumed run repeats the effects its predecessor had after its last durable
 * checkpoint. This samples that checkpoint while jobs run, so a fault report can hold raw duplicates
 * against what was really durable, whatever the fault (a SIGKILL, a lost lock, a failed attempt).
 *
 * Every ~200 ms (a timer, stopped at the end) each watched job's STORED progress is read with the
 * engines' own readers and tagged with the execution number the ledger uses (BullMQ's attemptsStarted,
 * see demoJobContext). The tag must belong to the read: continuable keeps its continuation in the job's
 * data, so one HGETALL gives both; iteration's checkpoint is a hash of its own, so attemptsStarted is
 * read before and after it and the sample is kept only if it did not change. For each execution e the
 * sampler keeps the furthest durable checkpoint seen while e was the job's latest execution.
 *
 * The bound of a job (`duplicateBound`) = the sum, over each execution e but the job's last, of the
 * subjects e handled (its ledger rows) beyond that furthest sampled checkpoint. Why it holds: only the
 * latest execution may write a checkpoint (a stale one is refused), so e+1 resumes from at least the
 * last checkpoint stored while e was latest, and any subject done twice was done by an earlier execution
 * beyond its durable checkpoint. Why it is safe to sample: missing e's final checkpoint between two
 * samples only loosens the bound; a sample taken once e+1 started is never credited to e (the tag
 * changed), since e+1 may already have moved the checkpoint past what e left. And it can still fail:
 * a run that resumes earlier than its durable checkpoint repeats subjects the checkpoint covered.
 */

/** A job whose durable checkpoint is sampled: which demo job, on which engine, over which subjects. */
export interface WatchedJob {
  jobId: string;
  job: DemoJob;
  engine: Engine;
  /** The job's subjects in the order it handles them (a cursor covers those up to it). */
  subjectIds: readonly number[];
}

/** Where the watched jobs live. */
export interface SampleSource {
  redis: RedisConnection;
  queue: Queue;
  prefix: string;
}

/** The continuable demo step that walks the items (the others do no per-item work). */
const ITEM_STEP: Record<DemoJob, string> = { orders: 'process', reports: 'reports', email: 'send' };

export const SAMPLE_INTERVAL_MS = 200;

export class CheckpointSampler {
  /** jobId -> execution -> the most subjects a checkpoint sampled during that execution covered. */
  readonly #furthest = new Map<string, Map<number, number>>();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> = Promise.resolve();
  #stopped = false;
  /** Samples kept, dropped (the execution changed during the read) and reads that failed (a killed connection). */
  readonly counts = { kept: 0, dropped: 0, failed: 0 };

  private constructor(
    private readonly source: SampleSource,
    private readonly jobs: readonly WatchedJob[],
    private readonly intervalMs: number,
  ) {}

  /** Starts sampling at once, then every `intervalMs` after each round ends. */
  static start(source: SampleSource, jobs: readonly WatchedJob[], intervalMs = SAMPLE_INTERVAL_MS): CheckpointSampler {
    const sampler = new CheckpointSampler(source, jobs, intervalMs);
    sampler.#next();
    return sampler;
  }

  /** Stops the timer and waits for the round in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#round;
  }

  /** For one job: execution -> how many of its subjects (in order) a durable checkpoint sampled during it covered. */
  durableByExecution(jobId: string): ReadonlyMap<number, number> {
    return this.#furthest.get(jobId) ?? new Map();
  }

  #next(): void {
    this.#round = Promise.all(this.jobs.map((job) => this.#sample(job))).then(() => {
      if (!this.#stopped) this.#timer = setTimeout(() => this.#next(), this.intervalMs);
    });
  }

  async #sample(watched: WatchedJob): Promise<void> {
    try {
      const sample = await sampleJob(this.source, watched);
      if (!sample) return void this.counts.dropped++;
      this.counts.kept++;
      const perExecution = this.#furthest.get(watched.jobId) ?? new Map<number, number>();
      perExecution.set(sample.execution, Math.max(perExecution.get(sample.execution) ?? 0, sample.durableSubjects));
      this.#furthest.set(watched.jobId, perExecution);
    } catch {
      // A connection killed by the fault under test: a missed sample only loosens the bound.
      this.counts.failed++;
    }
  }
}

/** One consistent sample: the stored checkpoint and the execution that was the job's latest while it was read. */
async function sampleJob({ redis, queue, prefix }: SampleSource, watched: WatchedJob): Promise<{ execution: number; durableSubjects: number } | undefined> {
  const job = await queue.getJob(watched.jobId); // one HGETALL: data (continuable's continuation) and attemptsStarted
  if (!job) return undefined;
  const before = job.attemptsStarted ?? 0;
  const stored = await readStoredProgress(redis, queue, prefix, job, watched.engine);
  if (watched.engine === 'iteration') {
    const after = Number((await redis.hget(queue.toKey(watched.jobId), 'ats')) ?? 0);
    if (after !== before) return undefined; // another execution started during the read
  }
  return { execution: Math.max(1, before), durableSubjects: coveredSubjects(stored, watched) };
}

/** How many of the job's subjects (in order) a stored checkpoint covers. */
function coveredSubjects(stored: OperatorProgress, { job, subjectIds }: WatchedJob): number {
  if (stored.engine === 'continuable' && stored.progress.completedSteps.includes(ITEM_STEP[job])) return subjectIds.length;
  if (stored.engine === 'continuable' && stored.progress.step !== ITEM_STEP[job]) return 0;
  const cursor = storedCursor(stored);
  if (typeof cursor !== 'number') return 0; // nothing durable: all of it may run again
  return subjectIds.filter((id) => id <= cursor).length;
}
