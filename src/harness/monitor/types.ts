/** What the monitor shows at one refresh: built by MonitorSource, drawn by the ink view or as plain lines. */
export interface MonitorFrame {
  at: number;
  prefix: string;
  queues: QueueSummary[];
  rows: JobRow[];
}

export interface QueueSummary {
  name: string;
  counts: { waiting: number; active: number; delayed: number; completed: number; failed: number };
}

/** BullMQ's states, and 'cancelled': a job that completed because it was cancelled (its return value says so). */
export type JobState = 'active' | 'waiting' | 'delayed' | 'completed' | 'cancelled' | 'failed' | 'prioritized' | 'unknown';

export interface JobRow {
  queue: string;
  jobId: string;
  /** 'continuable' | 'iteration', or '?' for a job neither engine published progress for. */
  engine: string;
  /** The job's name without its engine prefix: 'process-orders'. */
  job: string;
  state: JobState;
  /** Distinct items the ledger shows as handled (undefined: not a demo job). */
  done: number | undefined;
  /** Items in the job's scope (undefined when unknown). */
  total: number | undefined;
  /** Items per second over the last few refreshes. */
  rate: number | undefined;
  step: string | undefined;
  cursor: unknown;
  interruptions: number;
  /** Ms since the job's last durable checkpoint, when the engine published one. */
  checkpointAgeMs: number | undefined;
  /** Items the engine published (re-runs after a crash counted), for jobs the ledger does not know. */
  publishedItems: number | undefined;
  /** The checkpoint as it sits in Redis, in one line ("none" before the first one). */
  stored: string;
}
