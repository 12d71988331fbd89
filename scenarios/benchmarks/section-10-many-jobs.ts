// Section 10: many jobs at once. Hundreds of jobs of no-op items on a few real worker processes, each
// running several jobs at a time: items per second on each engine against the same jobs as plain
// BullMQ processors, on the bench's Redis and on a local 3-master Redis Cluster.
import { performance } from 'node:perf_hooks';
import { isClusterUrl, type Runtime } from 'resumable-jobs/runtime';
import { startStack } from '../../src/harness/stack/stack-provider.js';
import { openIsolatedStack, type IsolatedStack } from '../support/isolated-stack.js';
import { waitFor } from '../support/wait-for.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { figuresAgainst, interleavedRounds, type Variant } from './rounds.js';
import { formatNumber } from './format-number.js';
import { ratioTarget } from './targets.js';
import type { Figure, TargetCheck } from './types.js';
import { enqueuePacedBulk, spawnBenchWorker, type PacedVariant } from './worker-processes.js';

const PLAIN = 'plain BullMQ processor';
const LABELS: Record<PacedVariant, string> = { plain: PLAIN, continuable: 'continuable, default', iteration: 'iteration, default (5 s flush)' };
const VARIANTS: PacedVariant[] = ['plain', 'continuable', 'iteration'];

/** How often the completed count is read: the same for every variant. */
const POLL_MS = 20;

async function measureOn(env: IsolatedStack, topology: string, { sizes, progress }: BenchContext): Promise<{ figures: Figure[]; targets: TargetCheck[] }> {
  const { jobs, items, processes, concurrency, rounds } = sizes.manyJobs;
  const queueName = 'bench-many-jobs';
  const runtime: Runtime<unknown> = env.runtime<unknown>({ services: undefined });
  const queue = runtime.queue(queueName);
  const workers = await Promise.all(Array.from({ length: processes }, () => spawnBenchWorker(env, queueName, { concurrency })));
  let completedSoFar = 0;
  const runBatch = async (variant: PacedVariant, batchJobs: number): Promise<number> => {
    const startedAt = performance.now();
    await enqueuePacedBulk(runtime, variant, () => ({ items, workMs: 0 }), batchJobs, queueName);
    const target = completedSoFar + batchJobs;
    await waitFor(`${batchJobs} ${variant} jobs completed on ${topology}`, () => queue.getCompletedCount(), (count) => count >= target, { timeoutMs: 600_000, intervalMs: POLL_MS });
    completedSoFar = target;
    return performance.now() - startedAt;
  };
  const variantsFor = (batchJobs: number): Variant[] => VARIANTS.map((variant) => ({ label: LABELS[variant], run: () => runBatch(variant, batchJobs) }));
  await interleavedRounds(variantsFor(processes * concurrency), 1, (line) => progress(`${topology} warm-up ${line}`));
  const samples = await interleavedRounds(variantsFor(jobs), rounds, (line) => progress(`${topology} ${line}`));
  await Promise.all(workers.map((worker) => worker.stop(15_000)));

  // Time per batch, as a ratio to plain BullMQ's: the inverse of the items-per-second ratio.
  const times = figuresAgainst(samples, PLAIN, 'ms per batch');
  const rates = figuresAgainst(samples, PLAIN, 'items/s', (_, ms) => (jobs * items * 1000) / ms);
  const label = (figure: Figure) => ({ ...figure, label: `${topology}: ${figure.label}`, ...(figure.baseline ? { baseline: `${topology}: ${figure.baseline}` } : {}) });
  return {
    figures: [...times.map(label), ...rates.map((figure) => label({ ...figure, label: `${figure.label}, items per second`, ...(figure.baseline ? { baseline: `${figure.baseline}, items per second` } : {}) }))],
    targets: times
      .filter((figure) => figure.baseline)
      .map((figure) => {
        const plainMs = times.find((f) => f.label === PLAIN)!.value.median;
        // What each job cost over plain BullMQ's, from the batch times and the worker slots they shared.
        const extraPerJobMs = ((figure.value.median - plainMs) * processes * concurrency) / jobs;
        return ratioTarget(
          `${topology}: ${figure.label} within 1.05× of plain BullMQ's time for ${jobs} jobs × ${items.toLocaleString('en-US')} items`,
          figure,
          1.05,
          `each job took about ${Math.round(extraPerJobMs)} ms (${formatNumber((extraPerJobMs * 1000) / items)} µs per item) longer than plain BullMQ's with ${concurrency} jobs per process sharing its CPU; ` +
            'section 2 measures the same items one job at a time far cheaper, so the cost appears under concurrency: not profiled in this run',
        );
      }),
  };
}

/** A local Redis Cluster with a database beside it, for this section only; a reason where none can start. */
async function openClusterStack(progress: (line: string) => void): Promise<{ env: IsolatedStack; release: () => Promise<void> } | { skipped: string }> {
  if (process.env.STACK && process.env.STACK !== 'local') return { skipped: `STACK=${process.env.STACK}: only local servers can start a Redis Cluster` };
  let servers: Awaited<ReturnType<typeof startStack>>;
  try {
    servers = await startStack({ env: { STACK: 'local', STACK_REDIS: 'cluster' }, log: progress });
  } catch (error) {
    return { skipped: `no local Redis Cluster could start: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    const env = await openIsolatedStack(servers.endpoints, 'bench-cluster');
    return { env, release: async () => { await env.close(); await servers.stop(); } };
  } catch (error) {
    await servers.stop();
    throw error;
  }
}

export const manyJobs: Section = {
  number: 10,
  title: 'Many jobs at once: items per second against plain BullMQ, one Redis and a Redis Cluster',
  async measure(context: BenchContext): Promise<SectionResult> {
    const { jobs, items, processes, concurrency, rounds, cluster } = context.sizes.manyJobs;
    const onCluster = isClusterUrl(context.env.redisUrl);
    const single = await measureOn(context.env, onCluster ? 'Redis Cluster' : 'one Redis', context);
    const figures = [...single.figures];
    const targets = [...single.targets];
    const notes: string[] = [];
    if (cluster && !onCluster) {
      const opened = await openClusterStack(context.progress);
      if ('skipped' in opened) notes.push(`Redis Cluster not measured: ${opened.skipped}.`);
      else {
        try {
          const measured = await measureOn(opened.env, 'Redis Cluster (3 masters)', context);
          figures.push(...measured.figures);
          targets.push(...measured.targets);
        } finally {
          await opened.release();
        }
      }
    } else notes.push('This run measured one Redis only (the smoke sizes); the full run adds a local 3-master Redis Cluster.');
    return {
      id: 'many-jobs',
      title: this.title,
      measures:
        `${jobs} jobs × ${items.toLocaleString('en-US')} no-op items (an awaited empty function each), enqueued at once onto ${processes} real worker processes of concurrency ${concurrency}; ` +
        `timed from the enqueue to the completed count reaching the batch (read every ${POLL_MS} ms, the same for every variant). Plain BullMQ: the same loop as a plain processor. ` +
        `${rounds} interleaved rounds after a warm-up; the processes stay up across rounds and variants. Engines with their defaults.`,
      figures,
      targets,
      charts: [
        {
          title: 'Items per second (median of rounds)',
          yAxis: 'items/s',
          bars: figures.filter((f) => f.unit === 'items/s').map((f) => ({ label: f.label.replace(', items per second', ''), value: f.value.median })),
        },
      ],
      notes,
    };
  },
};
