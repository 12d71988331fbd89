// Section 3: how fast a deploy gets its workers back. A real worker process runs a job of paced items
// (1 ms and 100 ms of work each); SIGTERM; timed until the engine's progress is durable and until the
// process has exited; then a new worker process starts and is timed to the job's first resumed item.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../../src/harness/reporting/types.js';
import type { WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { FIRST_ITEM_EVENT } from './paced-jobs.js';
import { spreadOf } from './spread.js';
import { atMostTarget } from './targets.js';
import type { Figure, TargetCheck } from './types.js';
import { CHECKPOINTED_ON_STOP, enqueuePaced, spawnBenchWorker } from './worker-processes.js';

const ENGINES: Engine[] = ['continuable', 'iteration'];

interface Timings {
  toCheckpoint: number[];
  toExit: number[];
  spawnToFirstItem: number[];
  readyToFirstItem: number[];
}

function lateExitReason(checkpointMs: number, limitMs: number): string {
  return checkpointMs <= limitMs
    ? `the progress was durable after ${Math.round(checkpointMs)} ms (median), within the bound; the rest is closing the worker process (BullMQ worker close, Redis and database connections, Node exit) on a loaded machine`
    : `the progress itself was durable only after ${Math.round(checkpointMs)} ms (median): the engine saw the SIGTERM late, or its final write waited on a loaded Redis`;
}

export const interruptLatency: Section = {
  number: 3,
  title: 'Interrupt latency: SIGTERM to checkpoint and exit, restart to first resumed item',
  async measure({ env, sizes, progress }: BenchContext): Promise<SectionResult> {
    const runtime = env.runtime<unknown>({ services: undefined });
    const figures: Figure[] = [];
    const targets: TargetCheck[] = [];
    const measureEngine = async (engine: Engine, workMs: number): Promise<Timings> => {
      const queueName = `bench-sigterm-${engine}-${workMs}`;
      const timings: Timings = { toCheckpoint: [], toExit: [], spawnToFirstItem: [], readyToFirstItem: [] };
      let worker: WorkerProcess = await spawnBenchWorker(env, queueName);
      const job = await enqueuePaced(runtime, engine, { items: 1_000_000, workMs }, queueName);
      const jobId = String(job.id);
      await worker.waitForEvent(FIRST_ITEM_EVENT, (payload) => payload.jobId === jobId, 60_000);
      for (let round = 0; round < sizes.interruptRounds; round++) {
        // A few items in, at a point in the item that varies from round to round.
        await sleep(50 + Math.random() * Math.max(workMs * 3, 20));
        const sigtermAt = performance.now();
        worker.kill('SIGTERM');
        const checkpointed = worker.waitForEvent(CHECKPOINTED_ON_STOP[engine], (payload) => payload.jobId === jobId, 60_000).then(() => performance.now());
        await worker.exited;
        const exitedAt = performance.now();
        timings.toCheckpoint.push((await checkpointed) - sigtermAt);
        timings.toExit.push(exitedAt - sigtermAt);

        const spawnedAt = performance.now();
        worker = await spawnBenchWorker(env, queueName);
        const readyAt = performance.now();
        await worker.waitForEvent(FIRST_ITEM_EVENT, (payload) => payload.jobId === jobId, 60_000);
        const firstItemAt = performance.now();
        timings.spawnToFirstItem.push(firstItemAt - spawnedAt);
        timings.readyToFirstItem.push(firstItemAt - readyAt);
        progress(
          `${engine}, ${workMs} ms items, round ${round + 1}/${sizes.interruptRounds}: checkpoint ${timings.toCheckpoint.at(-1)!.toFixed(0)} ms, ` +
            `exit ${timings.toExit.at(-1)!.toFixed(0)} ms, restart to first item ${timings.spawnToFirstItem.at(-1)!.toFixed(0)} ms`,
        );
      }
      await worker.stop(10_000);
      return timings;
    };

    for (const workMs of sizes.interruptWorkMs) {
      // The two engines side by side: each in its own worker processes, on its own queue.
      const results = await Promise.all(ENGINES.map((engine) => measureEngine(engine, workMs)));
      results.forEach((timings, i) => {
        const name = `${ENGINES[i]}, ${workMs} ms items`;
        const exit = spreadOf(timings.toExit);
        figures.push(
          { label: `${name}: SIGTERM → checkpoint durable`, unit: 'ms', value: spreadOf(timings.toCheckpoint) },
          { label: `${name}: SIGTERM → process exited`, unit: 'ms', value: exit },
          { label: `${name}: new process started → first resumed item`, unit: 'ms', value: spreadOf(timings.spawnToFirstItem) },
          { label: `${name}: worker ready → first resumed item`, unit: 'ms', value: spreadOf(timings.readyToFirstItem) },
        );
        targets.push(
          atMostTarget(
            `${name}: exit within one item's work + 100 ms (${workMs + 100} ms)`,
            exit.median,
            workMs + 100,
            'ms (median)',
            lateExitReason(spreadOf(timings.toCheckpoint).median, workMs + 100),
          ),
        );
      });
    }
    return {
      id: 'interrupt-latency',
      title: this.title,
      measures:
        'A real worker process (Node + tsx, one BullMQ worker) runs a job of items that each sleep for the item\'s work; SIGTERM is sent a few items in. ' +
        'Timed in the parent: until the engine\'s event that its progress is durable (continuable: resume scheduled after the job data was written; ' +
        'iteration: interrupted, after the flush), and until the process exited. Then a new worker process is started: timed from the start (and ' +
        `from its worker being ready) to the job's first resumed item. ${sizes.interruptRounds} rounds per engine and work size, the two engines side by side; each restarted worker is the next round's.`,
      figures,
      targets,
      charts: [
        {
          title: 'SIGTERM to process exit (median, ms)',
          yAxis: 'ms',
          bars: figures.filter((f) => f.label.endsWith('process exited')).map((f) => ({ label: f.label.replace(': SIGTERM → process exited', ''), value: f.value.median })),
        },
      ],
      notes: ['"New process started → first resumed item" includes starting Node and compiling TypeScript with tsx; "worker ready → first resumed item" is the job pickup and resume alone.'],
    };
  },
};
