import type { Engine } from '../../domain/types.js';
import type { DemoJob } from '../../jobs/catalog.js';

// The demo's jobs and engines are defined where they live (jobs, domain); re-exported for report readers.
export type { DemoJob, Engine };
export type Variant =
  | 'none'
  | 'sigterm'
  | 'flag'
  | 'time'
  | 'progress'
  | 'multiple'
  | 'concurrent'
  | 'failure-rate'
  | 'crash'
  | 'crash-raw'
  | 'crash-raw-rails-exact';

/** The settings a run's safety depends on, shown on its report row. */
export interface RunSettings {
  /** How often progress was made durable while running: `200 ms`, or `Rails-exact` (only when the job stops). */
  durable: string;
  /** Whether effects claimed idempotency keys (a replay is then suppressed, not applied twice). */
  idempotencyKeys: boolean;
}

/** A point of the progress timeline: items done (from the ledger) at ms since the run started. */
export interface TimelinePoint {
  ms: number;
  done: number;
}

/** One named check of a run's verdict that did not hold, and what was seen instead. */
export interface FailedCheck {
  check: string;
  detail: string;
}

/**
 * One scenario run of one job on one engine: a row of reports/comparison.json. Fields marked
 * "engine-reported" are counted from the engines' lifecycle events; every other number is read
 * from the side-effect ledger (and Redis) after the run.
 */
export interface ComparisonRun {
  job: DemoJob;
  variant: Variant;
  engine: Engine;
  /** Items the job had to process. */
  items: number;
  /** Distinct items the ledger shows as handled (an effect or a recorded error). */
  processed: number;
  /**
   * Effects a user would see more than once (a second outbox row, a report written twice): effect
   * rows beyond one per item. Zero whenever idempotency keys are honoured.
   */
  duplicateEffects: number;
  /**
   * Raw replays: every time an item was attempted again after its first attempt, whether the
   * repeat took effect (raw mode: it is also a duplicate effect) or its idempotency key
   * suppressed it (a `.replayed` ledger row).
   */
  replays: number;
  /** Items the ledger does not show as handled. */
  missed: number;
  /** Engine-reported: interrupt events. */
  interruptions: number;
  /** Engine-reported: the cursor each resumed execution started after, from its resume event. */
  resumedAt: unknown[];
  /**
   * From the ledger: for each execution after the first, the position (1-based) of the item it
   * started after, so 300 reads "resumed after the 300th item" on both engines.
   */
  resumedAfterItem: number[];
  /** Engine-reported: checkpoint writes (iteration flushes, continuable periodic and resume writes). */
  checkpointWrites: number;
  /**
   * Crash runs: items done after the last durable checkpoint when the worker died. Recovery redoes
   * them (a replay each), unless the job's scope no longer selects them (processed orders).
   */
  lostWork: number;
  wallMs: number;
  /** The run's verdict: true only when every check held and the scenario itself passed. */
  passed: boolean;
  /** The checks that did not hold (empty when passed). */
  failedChecks: FailedCheck[];
  /** Items that failed on purpose (failure-rate runs) and were recorded, not retried forever. */
  failedItems: number;
  /** Executions the ledger shows (a job's first run is one). */
  executions: number;
  timeline: TimelinePoint[];
  /** Each execution of the job: when it ran (ms since start) and how it ended. */
  executionSpans: { startMs: number; endMs: number; outcome: string }[];
  /** Engine-reported: ms since start of each interruption, with its reason. */
  interruptionMarks: { ms: number; reason: string }[];
  /** The durable interval and idempotency keys the run had. */
  settings: RunSettings;
  /** Anything else a scenario wants to show (e.g. the configured flush interval). */
  notes?: Record<string, unknown>;
}

export interface ComparisonReport {
  generatedAt: string;
  stack: string;
  runs: ComparisonRun[];
}
