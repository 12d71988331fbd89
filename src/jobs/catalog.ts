import { DEFAULT_CHECKPOINT_INTERVAL_MS } from 'resumable-jobs/runtime';
import type { Engine } from '../domain/types.js';
import { BatchEmail } from './continuable/batch-email.js';
import { CustomerReports } from './continuable/customer-reports.js';
import { ProcessOrders } from './continuable/process-orders.js';
import { BatchEmailIteration } from './iteration/batch-email.js';
import { CustomerReportsIteration } from './iteration/customer-reports.js';
import { ProcessOrdersIteration } from './iteration/process-orders.js';

/** The demo's three jobs by name, as scenarios, reports and the CLI refer to them. */
export type DemoJob = 'orders' | 'reports' | 'email';

/** The three demo jobs, once per engine: the same business logic, two ways to resume it. */
export const demoJobs = {
  orders: { continuable: ProcessOrders, iteration: ProcessOrdersIteration },
  reports: { continuable: CustomerReports, iteration: CustomerReportsIteration },
  email: { continuable: BatchEmail, iteration: BatchEmailIteration },
} as const satisfies Record<DemoJob, Record<Engine, unknown>>;

export const allDemoJobClasses = Object.values(demoJobs).flatMap((pair) => [pair.continuable, pair.iteration]);

export type ContinuableDemoJob = (typeof demoJobs)[DemoJob]['continuable'];
export type IterationDemoJob = (typeof demoJobs)[DemoJob]['iteration'];

/**
 * How quickly the demo jobs resume and how often they make progress durable. Production keeps
 * the originals' defaults (Rails resumes after 5 s; Sidekiq flushes every 5 s); scenarios use
 * small values so a run takes seconds. Both engines get the same durability interval, so a crash
 * costs them the same at most.
 */
export interface DemoJobTiming {
  resumeDelayMs: number;
  /** Continuable `checkpointEveryMs` and iteration `flushIntervalMs` (undefined: the engines' default, 5 s). */
  durableEveryMs: number | undefined;
  /** Continuable only: no periodic checkpoint at all (Rails-exact, `checkpointEveryMs = false`). */
  railsExact?: boolean;
}

export const productionTiming: DemoJobTiming = { resumeDelayMs: 5_000, durableEveryMs: 5_000 };

export function applyDemoJobTiming(timing: DemoJobTiming): void {
  for (const pair of Object.values(demoJobs)) {
    pair.continuable.resume = { delayMs: timing.resumeDelayMs };
    pair.continuable.checkpointEveryMs = timing.railsExact ? false : (timing.durableEveryMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS);
    pair.iteration.retryBackoffMs = timing.resumeDelayMs;
    pair.iteration.flushIntervalMs = timing.durableEveryMs;
  }
}
