// Checkpoint write cost: one durable progress write on each engine, on the real Redis.
//   continuable: `job.updateData()` of the data the engine stores, `{ args, continuation, resumptions }`
//                (what it writes when it stops, and at checkpoints when checkpointEveryMs is set);
//   iteration:   `CheckpointStore.flush()`, the owner-checked HSET of cursor and counters into the
//                job's checkpoint hash (what it writes every flushIntervalMs and when it stops).
// A Redis PING on the same connection is the floor: one round trip and nothing else.
//
// Why it matters: this is what a crash-safety setting costs. Writing after every item multiplies the
// per-item cost by this number; writing every N ms costs this once per N ms. The two engines store
// progress differently (a rewrite of the job's JSON data vs a small hash), and this shows whether
// that difference is worth anything per write.
import { Queue } from 'bullmq';
import { ContinuableJob } from '../../src/continuable/continuable-job.js';
import { jobDataWith } from '../../src/continuable/job-data.js';
import { CheckpointStore } from '../../src/iteration/checkpoint-store.js';
import { iterationSettings } from '../../src/iteration/settings.js';
import { BenchmarkCheckFailedError } from './errors/benchmark-check-failed-error.js';
import { measurementOf, runInRounds } from './measurement.js';
import type { BenchmarkReport, BenchStack } from './types.js';

const QUEUE = 'bench-checkpoint';
/** Arguments of a typical job: small, like most real ones. */
const ARGS = { region: 'eu-west', batch: 42, dryRun: false };

const PING = 'Redis PING (round-trip floor)';
const CONTINUABLE = 'continuable: job.updateData(continuation)';
const ITERATION = 'iteration: CheckpointStore.flush()';

export async function measureCheckpointWrite(stack: BenchStack): Promise<BenchmarkReport> {
  const queue = new Queue(QUEUE, { connection: stack.redis, prefix: stack.prefix });
  try {
    // A real BullMQ job holding continuable data; no worker consumes this queue.
    const job = await queue.add('BenchContinuable', ContinuableJob.jobData(ARGS));
    const store = new CheckpointStore(
      stack.redis,
      CheckpointStore.keyFor(stack.prefix, QUEUE, 'bench-iteration'),
      iterationSettings().checkpointTtlMs,
    );
    const { state } = await store.begin();

    let continuableCursor = 0;
    let iterationCursor = 0;
    const samples = await runInRounds(
      'checkpoint-write',
      [
        {
          name: PING,
          fn: async () => {
            await stack.redis.ping();
          },
        },
        {
          name: CONTINUABLE,
          fn: async () => {
            continuableCursor++;
            // Exactly what ContinuableExecution stores: the job's data with the engine's fields updated.
            const data = jobDataWith(job.data, {
              continuation: { completed: ['load'], current: ['process', continuableCursor] },
              resumptions: 0,
              errorResumptions: 0,
            });
            await job.updateData(data);
          },
        },
        {
          name: ITERATION,
          fn: async () => {
            iterationCursor++;
            state.cursor = iterationCursor;
            state.flushes++;
            await store.flush(state, iterationCursor);
          },
        },
      ],
      { rounds: 4, bench: { time: 300, warmupTime: 200, throws: true } },
    );

    await assertWritten(queue, String(job.id), continuableCursor, store, iterationCursor);
    const ping = measurementOf(samples, PING, 'ms', 'round trip');
    const continuable = measurementOf(samples, CONTINUABLE, 'ms', 'checkpoint write');
    const iteration = measurementOf(samples, ITERATION, 'ms', 'checkpoint write');
    return {
      id: 'checkpoint-write',
      title: 'Checkpoint write cost',
      measures:
        'One durable progress write per engine on the real Redis: continuable rewrites the job\'s data ' +
        '(`job.updateData` of `{ args, continuation, resumptions }`), iteration flushes its checkpoint hash ' +
        '(`CheckpointStore.flush`, a Lua script that checks the execution owns the hash, HSETs and refreshes the TTL).',
      whyItMatters:
        'This is the price of crash safety. A job that writes after every item pays it per item; a job that writes ' +
        'every N ms pays it once per N ms. Compare each write with the PING row: a write close to one round trip costs ' +
        'little beyond the network, whichever engine makes it.',
      measurements: [ping, continuable, iteration],
      findings: [
        { label: 'continuable write, p50', value: continuable.p50, unit: 'ms', headline: true },
        { label: 'continuable write, p99', value: continuable.p99, unit: 'ms' },
        { label: 'iteration flush, p50', value: iteration.p50, unit: 'ms', headline: true },
        { label: 'iteration flush, p99', value: iteration.p99, unit: 'ms' },
        { label: 'iteration flush / continuable write (p50)', value: iteration.p50 / continuable.p50, unit: '×' },
        { label: 'continuable write / bare PING (p50)', value: continuable.p50 / ping.p50, unit: '×' },
        { label: 'iteration flush / bare PING (p50)', value: iteration.p50 / ping.p50, unit: '×' },
      ],
      notes: [
        'A round trip depends on where Redis runs (see the stack line above): over a network, every write on both engines costs at least that network round trip.',
        'Job data here is small; continuable rewrites the whole data, so large job arguments make its writes slower.',
      ],
    };
  } finally {
    await queue.close();
  }
}

/** The writes really happened: the job and the hash hold the last cursor each benchmark wrote. */
async function assertWritten(queue: Queue, jobId: string, continuableCursor: number, store: CheckpointStore, iterationCursor: number) {
  const stored = await queue.getJob(jobId);
  const current = (stored?.data as { continuation?: { current?: [string, number] } } | undefined)?.continuation?.current;
  const checkpoint = await store.read();
  if (current?.[1] !== continuableCursor || checkpoint?.cursor !== iterationCursor) {
    throw new BenchmarkCheckFailedError(
      'checkpoint-write',
      `cursors ${continuableCursor} in the job data and ${iterationCursor} in the checkpoint hash`,
      `${JSON.stringify(current?.[1] ?? null)} and ${JSON.stringify(checkpoint?.cursor ?? null)}`,
    );
  }
}
