import type { DemoJob, Engine } from '../reporting/types.js';
import { demoJobs } from '../../jobs/catalog.js';
import { jobNameOf } from 'resumable-jobs/runtime';

export const DEMO_JOBS: readonly DemoJob[] = ['orders', 'reports', 'email'];
export const ENGINES: readonly Engine[] = ['continuable', 'iteration'];

/** How a demo job counts its progress: the ledger family, and the unit it checkpoints after. */
export interface JobUnit {
  /** Ledger kinds start with `<family>.`. */
  family: 'order' | 'report' | 'email';
  /** The checkpoint unit: an order, a customer, a batch of recipients. */
  singular: string;
  plural: string;
  /** Subjects per unit: 50 recipients per email batch, else 1. */
  size: number;
  /** What a subject is, when it differs from the unit (recipients of a batch). */
  subjects?: string;
}

export const jobUnits: Record<DemoJob, JobUnit> = {
  orders: { family: 'order', singular: 'order', plural: 'orders', size: 1 },
  reports: { family: 'report', singular: 'customer', plural: 'customers', size: 1 },
  email: { family: 'email', singular: 'batch', plural: 'batches', size: 50, subjects: 'recipients' },
};

/** The registered BullMQ job name of a demo job on an engine, e.g. `iteration.process-orders`. */
export function demoJobName(job: DemoJob, engine: Engine): string {
  return jobNameOf(demoJobs[job][engine]);
}

/** Which demo job and engine a BullMQ job name belongs to (undefined: not a demo job). */
export function demoJobOf(jobName: string): { job: DemoJob; engine: Engine } | undefined {
  for (const job of DEMO_JOBS) {
    for (const engine of ENGINES) if (demoJobName(job, engine) === jobName) return { job, engine };
  }
  return undefined;
}

const numbers = new Intl.NumberFormat('en-US');

/** "300 orders", "1 batch (50 recipients)". */
export function formatUnits(job: DemoJob, units: number, subjects?: number): string {
  const unit = jobUnits[job];
  const base = `${numbers.format(units)} ${units === 1 ? unit.singular : unit.plural}`;
  return unit.subjects && subjects !== undefined ? `${base} (${numbers.format(subjects)} ${unit.subjects})` : base;
}

/** The unit (1-based) a subject at 0-based `index` belongs to: order 301, batch 31. */
export function unitOfIndex(job: DemoJob, index: number): number {
  return Math.floor(index / jobUnits[job].size) + 1;
}
