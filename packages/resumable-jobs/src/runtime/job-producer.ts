import { Queue, type Job, type JobsOptions } from 'bullmq';
import { assertValidArgs, type ArgsSchema } from './job-arguments.js';
import { openRedisSource, type RedisSource } from './redis-source.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisErrorReporter } from './redis-error-reporter.js';
import { loggerFor } from './logger.js';
import { defaultRetryPolicy, withRetryPolicy, type RetryPolicy } from './retry-policy.js';

/** What enqueueing needs of a job class: its name, how args become data, its args schema. Never its services. */
export interface EnqueueableJob {
  readonly name: string;
  readonly jobName?: string;
  jobData?(args: unknown): unknown;
  readonly argsSchema?: ArgsSchema;
}

/** The arguments a job class takes (its `args`), e.g. `ArgsOf<typeof ProcessOrders>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor: only the instance's args matter
export type ArgsOf<C> = C extends abstract new (...params: any[]) => { readonly args: infer A } ? A : unknown;

/** BullMQ's job options for one enqueue, plus the queue to add to. */
export interface EnqueueOptions extends JobsOptions {
  /** The queue to add to (default: the producer's or runtime's default queue). */
  queueName?: string;
}

export interface JobProducerOptions extends RedisSource {
  /** BullMQ key prefix: the same as the workers'. */
  prefix: string;
  /** Default queue name (default `jobs`). */
  queueName?: string;
  /** Attempts and backoff for the jobs it adds (default: `defaultRetryPolicy`). */
  retry?: RetryPolicy;
}

/** The registered name of a job class: its `jobName`, else the class name. */
export function jobNameOf(cls: { readonly jobName?: string; readonly name: string }): string {
  return cls.jobName ?? cls.name;
}

/**
 * Adds a job of `cls` to `queue`: args checked against the class's argsSchema first
 * (InvalidJobArgumentsError: nothing is added), wrapped by its jobData, with the retry policy
 * unless `options` say otherwise.
 */
export function addJob(queue: Queue, cls: EnqueueableJob, args: unknown, options: JobsOptions, retry: RetryPolicy): Promise<Job> {
  const name = jobNameOf(cls);
  assertValidArgs(cls, name, args, 'enqueue');
  const data = cls.jobData ? cls.jobData(args) : args;
  return queue.add(name, data, withRetryPolicy(retry, options));
}

/**
 * Enqueues jobs of either engine from a process that runs no worker (a web app, a cron, a script):
 * typed by each job class's arguments, with no services to provide.
 *
 * @example
 * const producer = new JobProducer({ connection: redis, prefix: 'app' });
 * await producer.enqueue(ProcessOrders, { region: 'eu' });
 * await producer.close(); // closes its queues; a passed-in connection stays open
 */
export class JobProducer {
  /** The connection it uses (yours if you passed one). */
  readonly redis: RedisConnection;
  readonly defaultQueueName: string;
  private readonly owned: boolean;
  private readonly queues = new Map<string, Queue>();
  private readonly redisErrors = new RedisErrorReporter({ logger: loggerFor('producer') });

  constructor(private readonly options: JobProducerOptions) {
    ({ redis: this.redis, owned: this.owned } = openRedisSource(options, options.prefix));
    if (this.owned) this.redis.on('error', this.redisErrors.listener('redis'));
    this.defaultQueueName = options.queueName ?? 'jobs';
  }

  /** The BullMQ queue of that name on this producer's connection and prefix (opened once). */
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
   * Adds a job of `cls` with `args`: checked against the class's argsSchema first (InvalidJobArgumentsError:
   * nothing is added), wrapped by its jobData, with the retry policy unless `options` say otherwise.
   * `options` are BullMQ's JobsOptions plus `queueName`.
   */
  enqueue<C extends EnqueueableJob>(cls: C, args: ArgsOf<C>, options: EnqueueOptions = {}): Promise<Job> {
    const { queueName, ...jobOptions } = options;
    return addJob(this.queue(queueName), cls, args, jobOptions, this.options.retry ?? defaultRetryPolicy);
  }

  /** Closes its queues, and the connection if it opened it. */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    if (this.owned) await this.redis.quit().catch(() => undefined);
  }
}
