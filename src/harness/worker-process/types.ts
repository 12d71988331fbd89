import type { CloseReport, CrashRecoverySettings } from 'resumable-jobs/runtime';
import type { Runtime } from 'resumable-jobs/runtime';
import type { InterruptionLimits } from 'resumable-jobs/runtime';

/** How a worker process is told what to run; passed as JSON in its environment. */
export interface WorkerProcessConfig {
  /** Absolute path of a module whose default export is a `WorkerAppFactory`. */
  module: string;
  redisUrl: string;
  databaseUrl: string;
  prefix: string;
  queueName?: string;
  concurrency?: number;
  limits?: InterruptionLimits;
  crashRecovery?: CrashRecoverySettings;
  /** Longest wait for active jobs to checkpoint after SIGTERM (default: the runtime's, 10 s). */
  shutdownTimeoutMs?: number;
  /**
   * Forward the runtime's lifecycle events to the parent (default true). A benchmark that waits on
   * none turns it off: a production worker sends no IPC message per event, so neither should the
   * workers whose cost is being measured.
   */
  forwardLifecycleEvents?: boolean;
  /** Free-form settings for the module (per-item delay, failure rate…). */
  settings?: Record<string, unknown>;
}

/**
 * What a worker module builds: a runtime with its jobs registered, and how to release its resources
 * (`close(true)`: without waiting for active jobs, when the shutdown's grace period ran out).
 */
export interface WorkerApp {
  runtime: Runtime<unknown>;
  close(force?: boolean): Promise<CloseReport | void>;
}

export type WorkerAppFactory = (config: WorkerProcessConfig) => Promise<WorkerApp>;

/** How a worker process's graceful shutdown ended (its outcome and what it logged), as it reports it. */
export interface WorkerShutdown {
  code: number;
  outcome: string;
  lines: string[];
}

/** Messages a worker process sends its parent over IPC. */
export type WorkerMessage =
  | { type: 'ready'; pid: number }
  | { type: 'lifecycle'; name: string; payload: unknown }
  | ({ type: 'closed' } & WorkerShutdown);
