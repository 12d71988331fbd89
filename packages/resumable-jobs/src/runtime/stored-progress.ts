import type { Cursor } from './cursor.js';

/**
 * What an engine has stored about one job's progress, in a plain shape a CLI or a terminal monitor
 * can print without knowing the engine. Each engine's reader returns its own narrower type
 * (`readContinuableProgress`, `readIterationProgress`); fields an engine does not store are absent.
 */
export interface StoredProgress {
  /** The engine that stored it. */
  engine: string;
  jobId: string;
  /** False when the engine holds nothing for this job yet (never stopped, or already completed). */
  stored: boolean;
  /** Cursor of the last durable progress; undefined when none is stored (null is a stored "no cursor"). */
  cursor: Cursor | undefined;
  /** The step in progress, for engines that have steps. */
  step?: string;
  /** Steps completed, in order, for engines that have steps. */
  completedSteps?: string[];
  /** Executions started so far, the running one included. */
  executions?: number;
  /** Executions that resumed stored progress. */
  resumptions?: number;
  /** Times the job stopped early and was re-enqueued. */
  interruptions?: number;
  /** Time spent working, summed over executions, as of the last write. */
  runtimeMs?: number;
  /** Writes of the stored progress so far. */
  writes?: number;
}
