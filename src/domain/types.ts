import type { CompletedJob } from './entities/job-completion.js';

export interface CreateOrmOptions {
  /** Largest number of pooled connections (default 5: jobs run a handful at a time on 2 cores). */
  poolMax?: number;
  /** Log every query (default false). */
  debug?: boolean;
  /** Give up opening a connection after this long (default 10 s; the CLI uses less). */
  connectTimeoutMs?: number;
}

/** The two continuation engines whose effects the ledger tells apart. */
export type Engine = 'continuable' | 'iteration';

/** Who is causing an effect: written into every ledger, outbox and report row. */
export interface JobContext {
  /** The BullMQ job id (stable across resumes: an interrupted job is re-enqueued under the same id). */
  jobId: string;
  engine: Engine;
  /** 1 for the first run, +1 for every resume or retry of the same job. */
  execution: number;
  /** Aborted when the worker shuts down; only shortens the simulated per-item delay. */
  signal?: AbortSignal;
}

/** One row for the side-effect ledger. */
export interface EffectRecord {
  jobId: string;
  engine: Engine;
  /** e.g. 'order.processed', 'order.failed', 'report.written', 'email.sent', 'email.skipped' */
  kind: string;
  subjectId: number;
  execution: number;
  idempotencyKey: string;
}

/** Ledger queries select one job's rows, or several jobs' (concurrent-jobs scenarios). */
export type JobSelector = string | readonly string[];

export interface DuplicateSubject {
  subjectId: number;
  count: number;
}

/** A ledger row as the reporter and scenarios read it back, in insertion order. */
export interface LedgerEntry {
  id: number;
  jobId: string;
  engine: string;
  kind: string;
  subjectId: number;
  execution: number;
  idempotencyKey: string;
  createdAt: Date;
}

/** How the services behave; the same business logic runs in tests and in presentation mode. */
export interface ProcessingSettings {
  /** Simulated work before each effect: 0 in tests, ~500 in presentation mode. */
  perItemDelayMs: number;
  /** Probability (0..1) that an item throws SimulatedFailureError before its effect. */
  failureRate: number;
  /** Makes the failures reproducible: same seed, subject and execution, same outcome. */
  failureSeed: number;
  /**
   * false (default): every call applies its effect and appends a ledger row, so an engine that
   * repeats an item shows up as a duplicate. true: the effect's idempotency key is claimed first
   * (src/domain/idempotency.ts) and a repeat becomes a no-op with outcome 'duplicate'.
   */
  idempotent: boolean;
}

/** Money as stored: numeric(12,2) read by pg as a decimal string such as "107.50" or "-3.00". */
export type Money = string;

/** A job's own account of finishing, written by finalize (continuable) or onComplete (iteration). */
export interface JobCompletionRecord {
  jobId: string;
  engine: Engine;
  job: CompletedJob;
  /** Items the job handled over all its executions, as the job counted them. */
  items: number;
}
