import type { Job, Queue } from 'bullmq';
import type { RedisConnection } from './redis-connection.js';
import type { Interruption } from './interruption.js';
import type { ArgsSchema } from './job-arguments.js';
import type { LifecycleBus } from './lifecycle-events.js';
import type { ProgressVocabulary } from './published-progress.js';

// The interruption's own types, for those who build an ExecutionContext.
export type { ControlFlag } from './control-flags.js';
export type { InterruptReason, InterruptionLimits, Progress } from './interruption.js';

/** Everything an engine needs to run one execution of a job. */
export interface ExecutionContext<Data = unknown> {
  job: Job<Data>;
  token: string;
  signal: AbortSignal;
  interruption: Interruption;
  /** Redis connection for engine state (checkpoints, flags); not the blocking worker connection. */
  redis: RedisConnection;
  prefix: string;
  /** The queue this job came from; engines use it to re-enqueue elsewhere. */
  queue: Queue;
  /** Opens (and caches) another queue of the same runtime, e.g. a resume queue. */
  queueNamed(name: string): Queue;
  events: LifecycleBus;
}

/** What the runtime calls: both engines' job bases implement it. */
export interface ExecutableJob {
  execute(ctx: ExecutionContext): Promise<unknown>;
}

/** A job class the runtime can register: constructed once per execution with the app's services. */
export interface JobClass<Services = unknown> {
  new (services: Services): ExecutableJob;
  /** Registered name; defaults to the class name. */
  readonly jobName?: string;
  /** Turns enqueue arguments into the job's initial data (engines wrap args with their state). */
  jobData?(args: unknown): unknown;
  /** How the engine's events become published progress; engines' base classes set it. */
  readonly progressEvents?: ProgressVocabulary;
  /** The enqueue arguments inside a job's data (the inverse of jobData's wrapping). */
  argsOf?(data: unknown): unknown;
  /** Checked at enqueue and at execution (any zod-like schema); see assertValidArgs. */
  readonly argsSchema?: ArgsSchema;
}
