import { performance } from 'node:perf_hooks';
import { seedPendingOrders } from '../../src/harness/seeding/seed-pending-orders.js';
import type { IsolatedStack } from '../support/isolated-stack.js';
import type { BenchContext, Section } from './bench-context.js';
import { describeMachine } from './machine.js';
import { ordersEndToEnd } from './section-1-orders-end-to-end.js';
import { engineCost } from './section-2-engine-cost.js';
import { interruptLatency } from './section-3-interrupt-latency.js';
import { resumeDepth } from './section-4-resume-depth.js';
import { crashLoss } from './section-5-crash-loss.js';
import { seeding } from './section-6-seeding.js';
import { demoJobTimes } from './section-7-demo-jobs.js';
import { pageFetch } from './section-8-page-fetch.js';
import { deploy } from './section-9-deploy.js';
import { manyJobs } from './section-10-many-jobs.js';
import { redisPerJob } from './section-11-redis-per-job.js';
import { crashRecovery } from './section-12-crash-recovery.js';
import type { BenchSizes } from './sizes.js';
import type { BenchRunReport, SectionReport } from './types.js';

/**
 * The order the sections run in: the cheap and in-process ones first, the worker processes next,
 * and seeding last, as it empties the database.
 */
export const SECTIONS: Section[] = [pageFetch, ordersEndToEnd, engineCost, resumeDepth, demoJobTimes, redisPerJob, interruptLatency, crashLoss, deploy, manyJobs, crashRecovery, seeding];

export interface BenchRunOptions {
  sizes: BenchSizes;
  /** Receives progress lines as the run goes. */
  log: (line: string) => void;
  /** Only these sections (by number); default: all. */
  only?: number[];
}

/** Runs the sections on `env` and returns the report (sections in the order). */
export async function runBench(env: IsolatedStack, options: BenchRunOptions): Promise<BenchRunReport> {
  const startedAt = performance.now();
  const elapsed = () => {
    const seconds = Math.round((performance.now() - startedAt) / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  };
  const machine = await describeMachine(env.orm, env.redisUrl);
  options.log(`[${elapsed()}] seeding ${options.sizes.orders.toLocaleString('en-US')} orders`);
  const { orderIds } = await seedPendingOrders(env.orm.em.fork(), Math.max(options.sizes.orders, options.sizes.depthOrders), 42);
  await env.orm.em.fork().execute('analyze orders');

  const selected = SECTIONS.filter((section) => !options.only || options.only.includes(section.number));
  const sections: SectionReport[] = [];
  for (const [index, section] of selected.entries()) {
    const tag = `[${index + 1}/${selected.length}] ${section.number}. ${section.title}`;
    options.log(`[${elapsed()}] ${tag}`);
    const context: BenchContext = { env, sizes: options.sizes, orderIds, progress: (line) => options.log(`[${elapsed()}]     ${line}`) };
    const started = performance.now();
    sections.push({ number: section.number, ...(await section.measure(context)) });
    options.log(`[${elapsed()}]     done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  sections.sort((a, b) => a.number - b.number);
  return {
    generatedAt: new Date().toISOString(),
    size: options.sizes.name,
    machine,
    stack: env.stack.description,
    durationMs: performance.now() - startedAt,
    sections,
  };
}
