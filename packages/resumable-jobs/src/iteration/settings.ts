import { DEFAULT_CHECKPOINT_INTERVAL_MS } from '../runtime/defaults.js';
import type { IterationSettings } from './types.js';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/** What iteration jobs get without `configureIteration` or class statics: a 5 s flush, re-enqueue at once, 30-day checkpoint TTL. */
export const defaultIterationSettings: Readonly<IterationSettings> = Object.freeze({
  maxJobRuntimeMs: undefined,
  // job-iteration's default_retry_backoff is nil: an interrupted job is re-enqueued at once.
  retryBackoffMs: 0,
  // Sidekiq flushes its iteration state every 5 s; continuable writes its continuation as often.
  flushIntervalMs: DEFAULT_CHECKPOINT_INTERVAL_MS,
  checkpointTtlMs: THIRTY_DAYS_MS,
});

let current: IterationSettings = { ...defaultIterationSettings };

/** Process-wide settings, like job-iteration's module attributes; a job class may override per class. */
export function configureIteration(settings: Partial<IterationSettings>): void {
  current = { ...current, ...settings };
}

/** The process-wide iteration settings now in force (the defaults, changed by `configureIteration`). */
export function iterationSettings(): Readonly<IterationSettings> {
  return current;
}

/** Back to the defaults (scenarios that change the global settings restore them). */
export function resetIterationSettings(): void {
  current = { ...defaultIterationSettings };
}
