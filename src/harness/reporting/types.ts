import type { Engine } from '../../domain/types.js';
import type { DemoJob } from '../../jobs/catalog.js';

// The demo's jobs and engines are defined where they live (jobs, domain); re-exported for report readers.
export type { DemoJob, Engine };
export type Variant = 'none' | 'sigterm' | 'flag' | 'time' | 'progress' | 'multiple' | 'concurrent' | 'failure-rate' | 'crash';

/** A point of the progress timeline: items done (from the ledger) at ms since the run started. */
export interface TimelinePoint {
  ms: number;
  done: number;
}

/** One scenario run of one job on one engine: a row of reports/comparison.json. */
export interface ComparisonRun {
  job: DemoJob;
  variant: Variant;
  engine: Engine;
  /** Items the job had to process. */
  items: number;
  /** Distinct items the ledger shows as done. */
  processed: number;
  /** Ledger rows beyond one per item (an item done twice counts once here). */
  duplicates: number;
  /** Items the ledger does not show as done. */
  missed: number;
  interruptions: number;
  /** The cursor each resumed execution started after. */
  resumedAt: unknown[];
  /** The same, as positions in the job's items (1-based): comparable across runs with different ids. */
  resumedAfterItem: number[];
  checkpointWrites: number;
  /** Items redone because their progress was not durable when the worker died (crash runs). */
  lostWork: number;
  wallMs: number;
  passed: boolean;
  /** Effects a user would see twice (outbox rows, reports) once idempotency keys are honoured. */
  duplicateEffects: number;
  /** Items that failed on purpose (failure-rate runs) and were recorded, not retried forever. */
  failedItems: number;
  executions: number;
  timeline: TimelinePoint[];
  /** Each execution of the job: when it ran (ms since start) and how it ended. */
  executionSpans: { startMs: number; endMs: number; outcome: string }[];
  /** ms since start of each interruption, with its reason. */
  interruptionMarks: { ms: number; reason: string }[];
  /** Anything else a scenario wants to show (e.g. the configured flush interval). */
  notes?: Record<string, unknown>;
}

export interface ComparisonReport {
  generatedAt: string;
  stack: string;
  runs: ComparisonRun[];
}
