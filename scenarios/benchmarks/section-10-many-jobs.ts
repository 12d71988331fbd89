// Section 10: many jobs at once. Hundreds of jobs on a few real worker processes, each running
// several jobs at a time: items per second on each engine against the same jobs as plain BullMQ
// processors, on the bench's Redis and on a local 3-master Redis Cluster. Two kinds of item: one Redis
// write each (what the target is judged on: real items do I/O, like the demo jobs' one UPDATE), checked
// afterwards for every item done exactly once; and no-op items, which leave nothing but each job's own
// cost, reported as time per job over plain BullMQ's.
import { performance } from 'node:perf_hooks';
import { isClusterUrl, type Runtime } from 'resumable-jobs/runtime';
import { startStack } from '../../src/harness/stack/stack-provider.js';
import { openIsolatedStack, type IsolatedStack } from '../support/isolated-stack.js';
import { waitFor } from '../support/wait-for.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { CpuMeter } from './cpu-meter.js';
import { BenchmarkCheckFailedError } from './errors.js';
import { figuresAgainst, interleavedRounds, type Samples, type Variant } from './rounds.js';
import { formatNumber } from './format-number.js';
import { spreadOf } from './spread.js';
import { ratioTarget } from './targets.js';
import type { Figure, TargetCheck } from './types.js';
import { enqueuePacedBulk, spawnBenchWorker, type PacedVariant } from './worker-processes.js';

const PLAIN = 'plain BullMQ processor';
const LABELS: Record<PacedVariant, string> = { plain: PLAIN, continuable: 'continuable, default (5 s checkpoint)', iteration: 'iteration, default (5 s flush)' };
const VARIANTS: PacedVariant[] = ['plain', 'continuable', 'iteration'];

/** How often the completed count is read: the same for every variant. */
const POLL_MS = 20;

/** What each item does: one Redis write (`HINCRBY` of the item in its job's hash), or nothing. */
type Workload = 'redis-write' | 'no-op';
const WORKLOADS: Record<Workload, string> = { 'redis-write': 'items of one Redis write', 'no-op': 'no-op items' };

async function measureOn(env: IsolatedStack, topology: string, workload: Workload, { sizes, progress }: BenchContext): Promise<{ figures: Figure[]; targets: TargetCheck[] }> {
  const { jobs, items, processes, concurrency, rounds } = sizes.manyJobs;
  const queueName = `bench-many-jobs-${workload}`;
  const runtime: Runtime<unknown> = env.runtime<unknown>({ services: undefined });
  const queue = runtime.queue(queueName);
  const workers = await Promise.all(Array.from({ length: processes }, () => spawnBenchWorker(env, queueName, { concurrency, forwardLifecycleEvents: false })));
  const where = `${topology}, ${WORKLOADS[workload]}`;
  const meter = new CpuMeter(workers.map((worker) => worker.pid), runtime.redis);
  // CPU per job of each measured batch, by variant: where the batch's time went (the warm-up is not kept).
  const cpu = { workers: new Map() as Samples, redis: new Map() as Samples };
  let keepCpu = false;
  let completedSoFar = 0;
  let batch = 0;
  const runBatch = async (variant: PacedVariant, batchJobs: number): Promise<number> => {
    batch++;
    const countKey = (index: number) => `${env.prefix}:bench:many-jobs:${batch}:${index}`;
    const cpuBefore = keepCpu ? await meter.read() : undefined;
    const startedAt = performance.now();
    await enqueuePacedBulk(runtime, variant, (index) => ({ items, workMs: 0, ...(workload === 'redis-write' ? { countKey: countKey(index) } : {}) }), batchJobs, queueName);
    const target = completedSoFar + batchJobs;
    await waitFor(`${batchJobs} ${variant} jobs completed on ${where}`, () => queue.getCompletedCount(), (count) => count >= target, { timeoutMs: 600_000, intervalMs: POLL_MS });
    const elapsed = performance.now() - startedAt;
    if (cpuBefore) {
      const cpuAfter = await meter.read();
      const perJob = (before: number, after: number) => (after - before) / batchJobs;
      if (cpuBefore.workersMs !== undefined && cpuAfter.workersMs !== undefined) push(cpu.workers, LABELS[variant], perJob(cpuBefore.workersMs, cpuAfter.workersMs));
      push(cpu.redis, LABELS[variant], perJob(cpuBefore.redisMs, cpuAfter.redisMs));
    }
    completedSoFar = target;
    if (workload === 'redis-write') await checkEveryItemOnce(runtime, batchJobs, items, countKey, variant);
    return elapsed;
  };
  const variantsFor = (batchJobs: number): Variant[] => VARIANTS.map((variant) => ({ label: LABELS[variant], run: () => runBatch(variant, batchJobs) }));
  // A warm-up at the full size: the first batch of this size is slower for whichever variant runs it.
  await interleavedRounds(variantsFor(jobs), 1, (line) => progress(`${where} warm-up ${line}`));
  keepCpu = true;
  const samples = await interleavedRounds(variantsFor(jobs), rounds, (line) => progress(`${where} ${line}`));
  await Promise.all(workers.map((worker) => worker.stop(15_000)));

  const label = (figure: Figure, suffix = '') => ({
    ...figure,
    label: `${where}: ${figure.label}${suffix}`,
    ...(figure.baseline ? { baseline: `${where}: ${figure.baseline}${suffix}` } : {}),
  });
  const times = figuresAgainst(samples, PLAIN, 'ms per batch');
  // Each kind of CPU per job against plain BullMQ's, by variant label (none where it could not be read).
  const cpuKinds = [
    { what: "worker processes' CPU", figures: cpu.workers.has(PLAIN) ? figuresAgainst(cpu.workers, PLAIN, 'ms') : [] },
    { what: 'Redis CPU', figures: figuresAgainst(cpu.redis, PLAIN, 'ms') },
  ];
  const cpuSpent = cpuKinds.flatMap(({ what, figures }) =>
    figures.map((figure) => ({ ...figure, label: `${figure.label}: ${what} per job`, ...(figure.baseline ? { baseline: `${figure.baseline}: ${what} per job` } : {}) })),
  );
  const plainMs = times.find((f) => f.label === PLAIN)!.value.median;
  // What each job cost over plain BullMQ's, from the batch times and the worker slots they shared.
  const extraPerJobMs = (figure: Figure) => ((figure.value.median - plainMs) * processes * concurrency) / jobs;
  if (workload === 'no-op') {
    // No item work: what is left is each job's own cost (its start and end round trips), no target.
    const perJob: Figure[] = times
      .filter((figure) => figure.baseline)
      .map((figure) => ({ label: `${figure.label}: time per job over plain BullMQ's`, unit: 'ms', value: spreadOf([extraPerJobMs(figure)]) }));
    return { figures: [...times, ...perJob, ...cpuSpent].map((figure) => label(figure)), targets: [] };
  }
  // Time per batch, as a ratio to plain BullMQ's: the inverse of the items-per-second ratio.
  const rates = figuresAgainst(samples, PLAIN, 'items/s', (_, ms) => (jobs * items * 1000) / ms);
  return {
    figures: [...times.map((figure) => label(figure)), ...rates.map((figure) => label(figure, ', items per second')), ...cpuSpent.map((figure) => label(figure))],
    targets: times
      .filter((figure) => figure.baseline)
      .map((figure) =>
        ratioTarget(
          `${topology}: ${figure.label} within 1.05× of plain BullMQ's time for ${jobs} jobs × ${items.toLocaleString('en-US')} items of one Redis write`,
          figure,
          1.05,
          extraPerJobMs(figure) > 0
            ? `each job held its worker slot about ${formatNumber(extraPerJobMs(figure))} ms (${formatNumber((extraPerJobMs(figure) * 1000) / items)} µs per item) longer than plain BullMQ's, ` +
                `with ${concurrency} jobs per process sharing its CPU${cpuRatiosOf(cpuKinds, figure.label)}; the same jobs with no-op items (figures below) show what each job's own start and end cost`
            : 'the batch medians are within the target but the paired rounds are not: the rounds disagree, which is the machine\'s load, not a cost of the engine',
        ),
      ),
  };
}

// Counted in Redis: the parent reading 200 hashes of 1,000 fields after every batch would load its
// CPU (and its garbage collector) just as the next batch starts. Answers { fields, fields not 1 }.
const COUNT_THEN_DELETE = `
local counts = redis.call('HVALS', KEYS[1])
local repeated = 0
for _, count in ipairs(counts) do if count ~= '1' then repeated = repeated + 1 end end
redis.call('DEL', KEYS[1])
return { #counts, repeated }`;

function push(samples: Samples, label: string, value: number): void {
  const values = samples.get(label);
  if (values) values.push(value);
  else samples.set(label, [value]);
}

/** ", and its batches spent 1.04× the worker processes' CPU and 1.06× the Redis CPU of plain BullMQ's batches" (what was measured). */
function cpuRatiosOf(cpuKinds: readonly { what: string; figures: readonly Figure[] }[], variantLabel: string): string {
  const ratios = cpuKinds.flatMap(({ what, figures }) => {
    const ratio = figures.find((figure) => figure.label === variantLabel)?.ratio;
    return ratio ? [`${formatNumber(ratio.median)}× the ${what}`] : [];
  });
  return ratios.length === 0 ? '' : `, and its batches spent ${ratios.join(' and ')} of plain BullMQ's batches`;
}

/** The ledger of the Redis-write items: every item of every job counted exactly once, or the batch is not a measurement. */
async function checkEveryItemOnce(runtime: Runtime<unknown>, jobs: number, items: number, countKey: (index: number) => string, variant: PacedVariant): Promise<void> {
  for (let index = 0; index < jobs; index++) {
    const [done, repeated] = (await runtime.redis.eval(COUNT_THEN_DELETE, 1, countKey(index))) as [number, number];
    if (done !== items || repeated > 0) {
      throw new BenchmarkCheckFailedError('many jobs', `each of the ${items} items of ${variant} job ${index} done once`, `${done} done, ${repeated} more than once`);
    }
  }
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
    const figures: Figure[] = [];
    const targets: TargetCheck[] = [];
    const measureBoth = async (env: IsolatedStack, topology: string) => {
      for (const workload of Object.keys(WORKLOADS) as Workload[]) {
        const measured = await measureOn(env, topology, workload, context);
        figures.push(...measured.figures);
        targets.push(...measured.targets);
      }
    };
    await measureBoth(context.env, onCluster ? 'Redis Cluster' : 'one Redis');
    const notes: string[] = [];
    if (cluster && !onCluster) {
      const opened = await openClusterStack(context.progress);
      if ('skipped' in opened) notes.push(`Redis Cluster not measured: ${opened.skipped}.`);
      else {
        try {
          await measureBoth(opened.env, 'Redis Cluster (3 masters)');
        } finally {
          await opened.release();
        }
      }
    } else notes.push('This run measured one Redis only (the smoke sizes); the full run adds a local 3-master Redis Cluster.');
    return {
      id: 'many-jobs',
      title: this.title,
      measures:
        `${jobs} jobs × ${items.toLocaleString('en-US')} items, enqueued at once onto ${processes} real worker processes of concurrency ${concurrency}; ` +
        `timed from the enqueue to the completed count reaching the batch (read every ${POLL_MS} ms, the same for every variant). Plain BullMQ: the same loop as a plain processor. ` +
        'Items of one Redis write each (`HINCRBY` of the item in its job\'s hash, awaited; afterwards every item of every job must be counted exactly once): the target. ' +
        'No-op items (an awaited empty function each): what is left is each job\'s own start and end, reported as time per job over plain BullMQ\'s, no target. ' +
        `${rounds} interleaved rounds after a warm-up; the processes stay up across rounds and variants. Engines with their defaults (idempotency keys do not apply: the items are the bench's own). ` +
        'CPU per job: the worker processes\' CPU time (from /proc, on Linux) and Redis\' (INFO cpu, every master) over each batch, divided by its jobs: where the time went. ' +
        'The worker processes forward no lifecycle event to the bench (a production worker sends none), and the ledger is counted inside Redis between batches.',
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
