import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorkerProcess, type WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import type { IterationFlushedEvent } from 'resumable-jobs/iteration';
import { configureIteration, resetIterationSettings } from 'resumable-jobs/iteration';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import { waitFor } from '../support/wait-for.js';
import { itemsByExecution, itemsDone, upTo } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { SlowCount, type SlowCountSettings } from './support/slow-count-job.js';

const workerModule = fileURLToPath(new URL('./support/slow-count-worker.ts', import.meta.url));
const COUNT = 80;
const ITEM_MS = 15;
const FLUSH_MS = 150;
// The doomed worker hangs after recording this item: 40 items of >= 15 ms outlast several flush intervals,
// and the flush that would follow item 40 never comes, so work after the last flush always exists.
const HANG_AFTER = 40;

describe('a worker process killed (SIGKILL) in the middle of an iteration job', () => {
  let spec: IterationSpec<SlowCountSettings>;
  const workers: WorkerProcess[] = [];
  const startWorker = async () => {
    const worker = await spawnWorkerProcess({
      module: workerModule,
      redisUrl: spec.env.redisUrl,
      databaseUrl: spec.env.databaseUrl,
      prefix: spec.env.prefix,
      crashRecovery: fastCrashRecovery,
      settings: { flushIntervalMs: FLUSH_MS, itemDelayMs: ITEM_MS, hangAfter: HANG_AFTER },
    });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    spec = await openIterationSpec<SlowCountSettings>(import.meta.url, [SlowCount], { extra: { itemDelayMs: ITEM_MS } });
    // The rescuing worker runs in this process: same flush interval as the worker process.
    configureIteration({ flushIntervalMs: FLUSH_MS });
  });
  afterAll(() => resetIterationSettings());
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });

  it('resumes from the last flushed cursor: only the items done since that flush are done again', async () => {
    // A real worker process takes the job.
    const doomed = await startWorker();
    const jobId = await spec.enqueue(SlowCount, { count: COUNT }, { jobId: 'crash' });

    // Let it flush on its interval until it hangs after item 40, then kill it without warning.
    await doomed.waitForEvent('iteration.flushed', (event: IterationFlushedEvent) => event.flushes === 2);
    await waitFor(`item ${HANG_AFTER} recorded`, () => itemsDone(spec.orm, jobId), (done) => done.includes(HANG_AFTER));
    doomed.kill('SIGKILL');
    await doomed.exited;

    // What survived the crash: the hash as of the last flush, and the ledger up to the kill.
    const hash = await spec.checkpoint(jobId);
    const flushedCursor = Number(hash.cursor);
    expect(hash).toMatchObject({ executions: '1', interruptions: '0', failures: '0' });
    expect(Number(hash.flushes)).toBeGreaterThanOrEqual(2);
    const beforeCrash = (await itemsByExecution(spec.orm, jobId))[1]!;
    const lostSinceFlush = beforeCrash.filter((n) => n > flushedCursor);
    expect(beforeCrash).toEqual(upTo(HANG_AFTER + 1));
    expect(lostSinceFlush.length).toBeGreaterThan(0);

    // Another worker (in this process, to spare the seconds a process takes to boot): its stalled
    // check hands it the job once the dead worker's lock expires, and it resumes from the hash.
    await spec.startWorker();
    const resumed = await spec.events.next(jobId, 'iteration.resumed');
    expect(resumed).toMatchObject({ execution: 2, cursor: flushedCursor, interruptions: 0 });
    const job = await spec.settled(jobId, 'completed');

    const byExecution = await itemsByExecution(spec.orm, jobId);
    expect(byExecution[2]![0]).toBe(flushedCursor + 1);
    // Every item done; the only repeats are exactly the items done after the last flush, each twice.
    const done = await itemsDone(spec.orm, jobId);
    expect([...new Set(done)].sort((a, b) => a - b)).toEqual(upTo(COUNT));
    const repeated = done.filter((n, i) => done.indexOf(n) !== i);
    expect(repeated).toEqual(lostSinceFlush);
    // Bounded by the flush interval: at most the items one interval holds, plus the one in flight.
    expect(repeated.length).toBeLessThanOrEqual(Math.ceil(FLUSH_MS / ITEM_MS) + 2);
    // The crash was a stall, not a failed attempt, and completion removed the checkpoint.
    expect(job.stalledCounter).toBe(1);
    expect(job.attemptsMade).toBe(1);
    expect(await spec.checkpoint(jobId)).toEqual({});
  });
});
