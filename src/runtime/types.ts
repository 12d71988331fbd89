import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Interruption } from './interruption.js';
import type { ArgsSchema } from './job-arguments.js';
import type { LifecycleBus } from './lifecycle-events.js';

/**
 * Why a job stopped early. The runtime's own sources use the first four; engines add their own
 * (`isolating`, `max_job_runtime_exceeded`, `throttled`) and users may return any string.
 */
export type InterruptReason =
  | 'shutdown'
  | 'flag'
  | 'time'
  | 'budget'
  | 'lock-lost'
  | (string & {});

/** A request stored in Redis under the job's control key; read by polling, compared locally. */
export type ControlFlag =
  | { kind: 'now' }
  | { kind: 'at-cursor'; cursor: unknown }
  | { kind: 'after-items'; items: number }
  | { kind: 'after-ms'; ms: number };

/** Progress the engine reports at each check: items done in this execution and the current cursor. */
export interface Progress {
  items: number;
  cursor?: unknown;
}

/** Per-execution limits that do not come from Redis (worker or job configuration). */
export interface InterruptionLimits {
  /** Interrupt once this execution has run this long. */
  maxRuntimeMs?: number;
  /** Interrupt after exactly this many items in this execution. */
  itemBudget?: number;
}

/** Everything an engine needs to run one execution of a job. */
export interface ExecutionContext<Data = unknown> {
  job: Job<Data>;
  token: string;
  signal: AbortSignal;
  interruption: Interruption;
  /** Redis connection for engine state (checkpoints, flags); not the blocking worker connection. */
  redis: Redis;
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
  /** The enqueue arguments inside a job's data (the inverse of jobData's wrapping). */
  argsOf?(data: unknown): unknown;
  /** Checked at enqueue and at execution (any zod-like schema); see assertValidArgs. */
  readonly argsSchema?: ArgsSchema;
}
