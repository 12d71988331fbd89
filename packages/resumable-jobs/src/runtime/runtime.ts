import { Queue, type Job, type JobsOptions, type Worker } from 'bullmq';
import { validateRedisUrl } from './connection-url.js';
import { connectRedis, hasHashTag, isClusterUrl, type RedisConnection } from './redis-connection.js';
import { ControlFlags } from './control-flags.js';
import type { CrashRecoverySettings } from './crash-recovery.js';
import { ClusterPrefixError, UnknownJobError } from './errors.js';
import type { CloseReport } from './graceful-shutdown.js';
import { readableFailureReason } from './failure-reason.js';
import { Interruption } from './interruption.js';
import { assertValidArgs } from './job-arguments.js';
import { LifecycleBus } from './lifecycle-events.js';
import { ProgressPublisher } from './progress-publisher.js';
import { loggerFor } from './logger.js';
import { RedisErrorReporter } from './redis-error-reporter.js';
import { isRequeueSignal } from './requeue.js';
import { defaultRetryPolicy, withRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { createWorker } from './worker-factory.js';
import type { ExecutionContext, InterruptionLimits, JobClass } from './types.js';

export interface RuntimeOptions<Services> {
  /** Redis URL: `redis://host:port/db`, or `redis+cluster://host:port` (one seed node) for a Redis Cluster. */
  redisUrl: string;
  /** BullMQ key prefix; also prefixes control flags and engine state. */
  prefix: string;
  /** Default queue name. */
  queueName?: string;
  /** Handed to every job's constructor: ORM, domain services, settings. */
  services: Services;
  /** Per-execution limits applied to every job this runtime's workers run. */
  limits?: InterruptionLimits;
  flagPollMs?: number;
  crashRecovery?: CrashRecoverySettings;
  /** How often a running job's progress is published with job.updateProgress (default 1000 ms). */
  progressIntervalMs?: number;
  /** Attempts and backoff for jobs this runtime enqueues (default: `defaultRetryPolicy`). */
  retry?: RetryPolicy;
  /** Called once when Redis refuses the credentials (a worker process exits on it). */
  onAuthFailure?: (error: Error) => void;
}

export interface StartWorkerOptions {
  queueName?: string;
  concurrency?: number;
  limits?: InterruptionLimits;
  crashRecovery?: CrashRecoverySettings;
}

export interface EnqueueOptions extends JobsOptions {
  queueName?: string;
}

/**
 * What both engines share on BullMQ: one Redis connection, named queues, registered job classes,
 * workers whose processors hand each execution an `ExecutionContext`, and the lifecycle bus.
 *
 *   const runtime = new Runtime({ redisUrl, prefix, services });
 *   runtime.register(ProcessOrders, ProcessOrdersIteration);
 *   runtime.startWorker();
 *   const job = await runtime.enqueue(ProcessOrders, {});
 */
export class Runtime<Services = unknown> {
  readonly events = new LifecycleBus();
  readonly redis: RedisConnection;
  readonly flags: ControlFlags;
  readonly defaultQueueName: string;
  private readonly registry = new Map<string, JobClass<Services>>();
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** Ids of the jobs this runtime's workers are running now, and those re-enqueued while closing. */
  private readonly running = new Set<string>();
  private readonly requeuedWhileClosing: string[] = [];
  private closing = false;
  private readonly log = loggerFor('runtime');
  /** The 'error' listener of every connection, queue and worker: one redacted, rate-limited line. */
  readonly redisErrors: RedisErrorReporter;

  constructor(private readonly options: RuntimeOptions<Services>) {
    validateRedisUrl(options.redisUrl);
    this.redisErrors = new RedisErrorReporter({ logger: this.log, onAuthFailure: options.onAuthFailure });
    // One connection for queues and engine state; BullMQ duplicates it for blocking worker calls.
    // On a cluster every key of a job (BullMQ's, its control flag, its checkpoint hash) must share one
    // slot, and all of them start with the prefix: a hash tag there is what makes that so.
    if (isClusterUrl(options.redisUrl) && !hasHashTag(options.prefix)) throw new ClusterPrefixError(options.prefix);
    this.redis = connectRedis(options.redisUrl, { maxRetriesPerRequest: null });
    this.redis.on('error', this.redisErrors.listener('redis'));
    this.flags = new ControlFlags(this.redis, options.prefix);
    this.defaultQueueName = options.queueName ?? 'jobs';
  }

  get prefix(): string {
    return this.options.prefix;
  }

  register(...classes: JobClass<Services>[]): this {
    for (const cls of classes) this.registry.set(jobNameOf(cls), cls);
    return this;
  }

  queue(name: string = this.defaultQueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.options.prefix });
      queue.on('error', this.redisErrors.listener(`queue ${name}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds a job of `cls` with `args` (wrapped by the class's `jobData`, if it has one). Arguments are
   * checked against the class's `argsSchema` first (InvalidJobArgumentsError: nothing is added), and
   * the job gets the runtime's retry policy unless `options` say otherwise.
   */
  async enqueue(cls: JobClass<Services>, args: unknown, options: EnqueueOptions = {}): Promise<Job> {
    const { queueName, ...jobOptions } = options;
    const name = jobNameOf(cls);
    assertValidArgs(cls, name, args, 'enqueue');
    if (!this.registry.has(name)) this.register(cls);
    const data = cls.jobData ? cls.jobData(args) : args;
    return this.queue(queueName).add(name, data, withRetryPolicy(this.options.retry ?? defaultRetryPolicy, jobOptions));
  }

  startWorker(options: StartWorkerOptions = {}): Worker {
    const queueName = options.queueName ?? this.defaultQueueName;
    const queue = this.queue(queueName);
    const limits = options.limits ?? this.options.limits;
    const worker = createWorker(
      queueName,
      async (job, token, signal) => {
        const cls = this.registry.get(job.name);
        if (!cls) throw new UnknownJobError(job.name, [...this.registry.keys()]);
        assertValidArgs(cls, job.name, cls.argsOf ? cls.argsOf(job.data) : job.data, 'execution');
        // BullMQ always passes a signal to a 3-parameter processor; never-aborted is only a fallback.
        const jobSignal = signal ?? new AbortController().signal;
        const interruption = new Interruption({
          signal: jobSignal,
          limits,
          flags: { store: this.flags, queueName, jobId: String(job.id), jobTimestamp: job.timestamp },
          flagPollMs: this.options.flagPollMs,
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
          queue,
          queueNamed: (name) => this.queue(name),
          events: this.events,
        };
        const execute = () => new cls(this.options.services).execute(context);
        try {
          if (!cls.progressEvents) return await execute();
          const progress = new ProgressPublisher({
            job,
            events: this.events,
            interruption,
            vocabulary: cls.progressEvents,
            intervalMs: this.options.progressIntervalMs,
            onError: (error) => this.log.warn(`progress of job ${job.id} not published: ${error.message}`),
          });
          return await progress.around(execute);
        } catch (error) {
          // The failed reason BullMQ stores is the message: make it one readable line, cause first.
          if (error instanceof Error && !isRequeueSignal(error)) error.message = readableFailureReason(error);
          else if (this.closing) this.requeuedWhileClosing.push(String(job.id));
          throw error;
        } finally {
          this.running.delete(String(job.id));
          await interruption.close();
        }
      },
      {
        connection: this.redis,
        redis: this.redis,
        prefix: this.options.prefix,
        concurrency: options.concurrency,
        crashRecovery: options.crashRecovery ?? this.options.crashRecovery,
        onError: this.redisErrors.listener(`worker ${queueName}`),
      },
    );
    // A job that has ended keeps no control flag: a later job reusing its id must not inherit it.
    const forgetFlag = (job: Job | undefined) => {
      if (job?.id === undefined) return;
      this.flags.clear(queueName, String(job.id)).catch((error: unknown) => this.redisErrors.report('control flags', error as Error));
    };
    worker.on('completed', forgetFlag);
    worker.on('failed', (job) => {
      if (job?.finishedOn !== undefined) forgetFlag(job); // failed for good, not retrying
    });
    this.workers.push(worker);
    return worker;
  }

  /**
   * Closes everything this runtime opened: its workers (active jobs checkpoint and re-enqueue),
   * then its queues and its Redis connection, so nothing keeps the process alive. `force` stops
   * waiting for active jobs and drops the connections at once (the stalled check resumes those
   * jobs from their last durable checkpoint). Reports which jobs re-enqueued and which still ran.
   */
  async close(force = false): Promise<CloseReport> {
    this.closing = true;
    if (force) {
      for (const worker of this.workers) void worker.close(true).catch(() => undefined);
      for (const queue of this.queues.values()) void queue.disconnect().catch(() => undefined);
      this.redis.disconnect();
    } else {
      await Promise.all(this.workers.map((worker) => worker.close()));
      await Promise.all([...this.queues.values()].map((queue) => queue.close()));
      await this.redis.quit().catch(() => undefined);
    }
    return { requeued: [...this.requeuedWhileClosing], stillRunning: [...this.running] };
  }
}

export function jobNameOf(cls: { readonly jobName?: string; readonly name: string }): string {
  return cls.jobName ?? cls.name;
}
