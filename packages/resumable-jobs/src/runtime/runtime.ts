import type { Job, Processor, Queue, Worker } from 'bullmq';
import type { RedisConnection } from './redis-connection.js';
import { openRedisSource, type RedisSource } from './redis-source.js';
import { ControlFlags } from './control-flags.js';
import { ControlFlagPoller } from './control-flag-poller.js';
import type { CrashRecoverySettings } from './crash-recovery.js';
import { CheckpointRefusedError, UnknownJobError } from './errors.js';
import type { CloseReport } from './graceful-shutdown.js';
import { recordRefusedCheckpoint } from './refused-checkpoints.js';
import { readableFailureReason } from './failure-reason.js';
import { Interruption } from './interruption.js';
import { assertValidArgs } from './job-arguments.js';
import { JobProducer, jobNameOf, type ArgsOf, type EnqueueOptions } from './job-producer.js';
import { LifecycleBus } from './lifecycle-events.js';
import { ProgressPublisher } from './progress-publisher.js';
import { loggerFor } from './logger.js';
import { RedisErrorReporter } from './redis-error-reporter.js';
import { isRequeueSignal } from './requeue.js';
import type { RetryPolicy } from './retry-policy.js';
import { ActiveLocks, createWorker, wireWorker, type SignalledProcessor } from './worker-factory.js';
import type { ExecutionContext, InterruptionLimits, JobClass } from './types.js';

export { jobNameOf, type EnqueueOptions } from './job-producer.js';

/** How often running jobs' control flags are re-read unless `flagPollMs` says otherwise. */
const DEFAULT_FLAG_POLL_MS = 100;

export interface RuntimeOptions<Services> extends RedisSource {
  /** BullMQ key prefix; also prefixes control flags and engine state. */
  prefix: string;
  /** Default queue name. */
  queueName?: string;
  /** Handed to every job's constructor: ORM, domain services, settings. */
  services: Services;
  /** Per-execution limits applied to every job this runtime's workers run. */
  limits?: InterruptionLimits;
  /** How often running jobs' control flags are re-read: one MGET per interval for all of them (default 100 ms). */
  flagPollMs?: number;
  crashRecovery?: CrashRecoverySettings;
  /** How often a running job's progress is published with job.updateProgress (default 1000 ms). */
  progressIntervalMs?: number;
  /** Attempts and backoff for jobs this runtime enqueues (default: `defaultRetryPolicy`). */
  retry?: RetryPolicy;
  /** Called once when Redis refuses the credentials (a worker process exits on it). */
  onAuthFailure?: (error: Error) => void;
}

/** Options of `runtime.processor`: per-execution limits, and the processor for jobs no class answers to. */
export interface ProcessorOptions {
  /** Per-execution limits for the jobs this processor runs (default: the runtime's `limits`). */
  limits?: InterruptionLimits;
  /**
   * Runs jobs whose name no registered class answers to: your plain BullMQ processor, so engine jobs
   * and plain jobs share a queue. Without it such a job fails with UnknownJobError, an ordinary
   * error: its attempts and backoff apply (a worker that knows the name may take it on a retry).
   */
  fallback?: Processor;
}

/** Options of `runtime.startWorker`: the processor's, plus the queue, concurrency and crash recovery of the worker. */
export interface StartWorkerOptions extends ProcessorOptions {
  queueName?: string;
  concurrency?: number;
  crashRecovery?: CrashRecoverySettings;
}

/**
 * What both engines share on BullMQ: one Redis connection, named queues, registered job classes,
 * a processor that hands each execution an `ExecutionContext`, and the lifecycle bus.
 *
 *   const runtime = new Runtime({ redisUrl, prefix, services });   // or { connection: yourIoredis, ... }
 *   runtime.register(ProcessOrders, ProcessOrdersIteration);
 *   runtime.startWorker();                                          // a worker of ours, or your own:
 *   runtime.attach(new Worker('jobs', runtime.processor({ fallback }), { connection, prefix, limiter }));
 *   const job = await runtime.enqueue(ProcessOrders, {});
 *
 * `close()` closes the workers it started, its queues, and the Redis connection if it opened it (a
 * connection you passed in stays open; so do workers you made: close them first).
 */
export class Runtime<Services = unknown> {
  readonly events = new LifecycleBus();
  /** The connection for queues and engine state (yours, if you passed an instance). */
  readonly redis: RedisConnection;
  readonly flags: ControlFlags;
  readonly defaultQueueName: string;
  private readonly ownsRedis: boolean;
  private readonly flagPoller: ControlFlagPoller;
  private readonly producer: JobProducer;
  private readonly registry = new Map<string, JobClass<Services>>();
  private readonly workers: Worker[] = [];
  /** Ids of the jobs this runtime is running now, and those re-enqueued while it was closing. */
  private readonly running = new Set<string>();
  private readonly requeuedWhileClosing: string[] = [];
  private closing = false;
  private readonly attachedQueues = new Set<string>();
  private readonly warnedQueues = new Set<string>();
  private readonly locks = new ActiveLocks();
  private readonly log = loggerFor('runtime');
  /** The 'error' listener of every connection, queue and worker: one redacted, rate-limited line. */
  readonly redisErrors: RedisErrorReporter;

  constructor(private readonly options: RuntimeOptions<Services>) {
    this.redisErrors = new RedisErrorReporter({ logger: this.log, onAuthFailure: options.onAuthFailure });
    // One connection for queues and engine state; BullMQ duplicates it for blocking worker calls.
    ({ redis: this.redis, owned: this.ownsRedis } = openRedisSource(options, options.prefix));
    if (this.ownsRedis) this.redis.on('error', this.redisErrors.listener('redis'));
    this.flags = new ControlFlags(this.redis, options.prefix);
    this.flagPoller = new ControlFlagPoller(this.redis, this.flags, options.flagPollMs ?? DEFAULT_FLAG_POLL_MS);
    this.defaultQueueName = options.queueName ?? 'jobs';
    this.producer = new JobProducer({ connection: this.redis, prefix: options.prefix, queueName: this.defaultQueueName, retry: options.retry });
  }

  get prefix(): string {
    return this.options.prefix;
  }

  register(...classes: JobClass<Services>[]): this {
    for (const cls of classes) this.registry.set(jobNameOf(cls), cls);
    return this;
  }

  /** The BullMQ queue of that name on the runtime's connection and prefix (opened once). */
  queue(name: string = this.defaultQueueName): Queue {
    return this.producer.queue(name);
  }

  /**
   * Adds a job of `cls` with `args` (wrapped by the class's `jobData`, if it has one). Arguments are
   * checked against the class's `argsSchema` first (InvalidJobArgumentsError: nothing is added), and
   * the job gets the runtime's retry policy unless `options` say otherwise. A process that only
   * enqueues can use a JobProducer instead (no services needed).
   */
  async enqueue<C extends JobClass<Services>>(cls: C, args: ArgsOf<C>, options: EnqueueOptions = {}): Promise<Job> {
    if (!this.registry.has(jobNameOf(cls))) this.register(cls);
    return this.producer.enqueue(cls, args, options);
  }

  /**
   * The processor that runs registered jobs, for a BullMQ Worker of your own:
   * `new Worker(queueName, runtime.processor(), { connection, prefix: runtime.prefix, ... })`, then
   * `runtime.attach(worker)`. It takes the AbortSignal BullMQ gives 3-parameter processors; jobs of a
   * name no class answers to go to `fallback` (or fail with UnknownJobError).
   */
  processor(options: ProcessorOptions = {}): SignalledProcessor {
    const limits = options.limits ?? this.options.limits;
    return (job, token, signal) =>
      this.locks.around(job, token, async () => {
        const cls = this.registry.get(job.name);
        if (!cls) {
          if (options.fallback) return options.fallback(job, token, signal);
          throw new UnknownJobError(job.name, [...this.registry.keys()]);
        }
        this.warnIfNotAttached(job.queueName);
        try {
          return await this.execute(cls, job, token, signal, limits);
        } catch (error) {
          // Kept for closeOnSignals: a refused checkpoint makes the shutdown not clean (exit 1).
          if (error instanceof CheckpointRefusedError) recordRefusedCheckpoint(job, error);
          throw error;
        }
      });
  }

  /**
   * Wires a worker running {@link processor} for cooperative shutdown: when it closes, its active jobs
   * are interrupted (reason `shutdown`) so they checkpoint and re-enqueue instead of holding close()
   * open; a job whose lock is lost is stopped; an ended job's control flag is cleared. Your worker
   * stays yours: close it (worker.close(), or closeOnSignals) before runtime.close().
   */
  attach(worker: Worker): Worker {
    const queueName = worker.name;
    wireWorker(worker, { prefix: this.options.prefix, locks: this.locks, redis: this.redis, onError: this.redisErrors.listener(`worker ${queueName}`) });
    // A job that has ended keeps no control flag: a later job reusing its id must not inherit it.
    const forgetFlag = (job: Job | undefined) => {
      if (job?.id === undefined) return;
      this.flags.clear(queueName, String(job.id)).catch((error: unknown) => this.redisErrors.report('control flags', error as Error));
    };
    worker.on('completed', forgetFlag);
    worker.on('failed', (job) => {
      if (job?.finishedOn !== undefined) forgetFlag(job); // failed for good, not retrying
    });
    this.attachedQueues.add(queueName);
    return worker;
  }

  /** A worker of the runtime's own on `queueName` (default queue), running {@link processor}, attached. */
  startWorker(options: StartWorkerOptions = {}): Worker {
    const queueName = options.queueName ?? this.defaultQueueName;
    const worker = createWorker(queueName, this.processor(options), {
      connection: this.redis,
      prefix: this.options.prefix,
      concurrency: options.concurrency,
      crashRecovery: options.crashRecovery ?? this.options.crashRecovery,
    });
    this.workers.push(this.attach(worker));
    return worker;
  }

  /**
   * Cancels a job (Sidekiq `Client#cancel!(jid)`): it ends at its next check (before its first item
   * if it has not started), runs its `onCancel` and completes as cancelled, neither failed nor
   * completed in full. A job waiting in `delayed` (to resume, or to retry) is promoted so it ends now
   * rather than after its delay. Asking again answers with the first request's time.
   * NoSuchJobError for an unknown id, ControlFlagForEndedJobError for a job that has ended.
   */
  async cancel(jobId: string, options: { queueName?: string } = {}): Promise<{ cancelledAt: number }> {
    const queueName = options.queueName ?? this.defaultQueueName;
    const answer = await this.flags.cancel(queueName, jobId);
    const job = await this.queue(queueName).getJob(jobId);
    // It may leave delayed between the two calls (a worker took it): then there is nothing to promote.
    if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
    return answer;
  }

  /**
   * Closes everything it opened: the workers it started (active jobs checkpoint and re-enqueue), its
   * queues, and the connection if it opened it, so nothing keeps the process alive. `force` stops
   * waiting for active jobs and drops its connection at once (the stalled check resumes those jobs
   * from their last durable checkpoint). Reports which jobs re-enqueued and which still ran.
   */
  async close(force = false): Promise<CloseReport> {
    this.closing = true;
    if (force) {
      for (const worker of this.workers) void worker.close(true).catch(() => undefined);
      void this.producer.close().catch(() => undefined);
      if (this.ownsRedis) this.redis.disconnect();
    } else {
      await Promise.all(this.workers.map((worker) => worker.close()));
      await this.producer.close();
      if (this.ownsRedis) await this.redis.quit().catch(() => undefined);
    }
    this.flagPoller.stop();
    return { requeued: [...this.requeuedWhileClosing], stillRunning: [...this.running] };
  }

  /** One execution of a registered job: its context, interruption sources and published progress. */
  private async execute(cls: JobClass<Services>, job: Job, token: string | undefined, signal: AbortSignal | undefined, limits: InterruptionLimits | undefined): Promise<unknown> {
    assertValidArgs(cls, job.name, cls.argsOf ? cls.argsOf(job.data) : job.data, 'execution');
    // BullMQ always passes a signal to a 3-parameter processor; never-aborted is only a fallback.
    const jobSignal = signal ?? new AbortController().signal;
    const queueName = job.queueName;
    const interruption = new Interruption({
      signal: jobSignal,
      limits,
      flags: { store: this.flags, queueName, jobId: String(job.id), jobTimestamp: job.timestamp, poller: this.flagPoller },
    });
    await interruption.start();
    this.running.add(String(job.id));
    const context: ExecutionContext = {
      job,
      token: token ?? '',
      signal: jobSignal,
      interruption,
      redis: this.redis,
      prefix: this.options.prefix,
      queue: this.queue(queueName),
      queueNamed: (name) => this.queue(name),
      events: this.events,
    };
    const run = () => new cls(this.options.services).execute(context);
    try {
      if (!cls.progressEvents) return await run();
      const progress = new ProgressPublisher({
        job,
        events: this.events,
        interruption,
        vocabulary: cls.progressEvents,
        intervalMs: this.options.progressIntervalMs,
        onError: (error) => this.log.warn(`progress of job ${job.id} not published: ${error.message}`),
      });
      return await progress.around(run);
    } catch (error) {
      // The failed reason BullMQ stores is the message: make it one readable line, cause first.
      if (error instanceof Error && !isRequeueSignal(error)) error.message = readableFailureReason(error);
      else if (this.closing) this.requeuedWhileClosing.push(String(job.id));
      throw error;
    } finally {
      this.running.delete(String(job.id));
      await interruption.close();
    }
  }

  /** A worker that was not attached would not interrupt its jobs on close: say so once per queue. */
  private warnIfNotAttached(queueName: string): void {
    if (this.attachedQueues.has(queueName) || this.warnedQueues.has(queueName)) return;
    this.warnedQueues.add(queueName);
    this.log.warn(`queue ${queueName}: the worker running runtime.processor() is not attached; call runtime.attach(worker) so closing it checkpoints active jobs`);
  }
}
