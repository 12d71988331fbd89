import type { SeedProfileName } from '../../../fixtures/seed-profiles.js';
import type { DemoJob, Engine } from '../reporting/types.js';
import { jobUnits } from './demo-jobs.js';
import { demoRunSizes } from './demo-data.js';

export const INTERRUPT_METHODS = ['sigterm', 'flag', 'time', 'progress', 'none'] as const;
export type InterruptMethod = (typeof INTERRUPT_METHODS)[number];

/** What `npm run demo` was asked to do, with every default filled in. */
export interface DemoOptions {
  job: DemoJob;
  engines: Engine[];
  interrupt: InterruptMethod;
  /** sigterm and flag: the unit (order, customer, batch) to stop at. */
  at: number;
  /** time: seconds into the execution. */
  afterSeconds: number;
  /** progress: units in the execution. */
  afterItems: number;
  profile: SeedProfileName;
  presentation: boolean;
  seed: number;
  /**
   * Idempotency keys on the effects. Off by default: the demo shows what the engines' checkpoints
   * alone achieve (an item done twice would show as a duplicate); on, a redone item is recorded as replayed.
   */
  idempotencyKeys: boolean;
}

/** Simulated work per subject: quick enough for a demo in seconds, or the plan's 0.5 s per order. */
export const perItemDelayMs: Record<'normal' | 'presentation', Record<DemoJob, number>> = {
  normal: { orders: 5, reports: 20, email: 1 },
  presentation: { orders: 500, reports: 500, email: 20 },
};

/** Checkpoint units of `job` in `profile`: 1,000 orders, 100 customers, 100 batches. */
export function totalUnits(job: DemoJob, profile: SeedProfileName): number {
  const sizes = demoRunSizes[profile];
  const subjects = job === 'orders' ? sizes.orders : job === 'reports' ? sizes.customers : sizes.recipients;
  return Math.ceil(subjects / jobUnits[job].size);
}

/** The plan's stop: about 30% in (order 300 of 1,000, customer 30 of 100, batch 30 of 100). */
export function defaultStopUnit(job: DemoJob, profile: SeedProfileName): number {
  return Math.max(1, Math.round(totalUnits(job, profile) * 0.3));
}
