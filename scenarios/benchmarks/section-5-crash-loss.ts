// Section 5: what a crash costs against the durable interval. A real worker process runs a job whose
// items each record themselves in Redis (`SET doneKey i`); it is SIGKILLed at a random point, and the
// items done but not in the stored progress (the ones a resume will redo) are counted, against the
// bound the interval implies: items per second × interval.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../../src/harness/reporting/types.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { BenchmarkCheckFailedError } from './errors.js';
import { FIRST_ITEM_EVENT } from './paced-jobs.js';
import { spreadOf } from './spread.js';
import { storedContinuableCursor, storedIterationCursor } from './stored-progress.js';
import { atMostTarget } from './targets.js';
import type { Figure, TargetCheck } from './types.js';
import { enqueuePaced, spawnBenchWorker } from './worker-processes.js';

const ENGINES: Engine[] = ['continuable', 'iteration'];

interface CrashRun {
  redone: number;
  bound: number;
}

export const crashLoss: Section = {
  number: 5,
  title: 'Crash loss vs durable interval',
  async measure({ env, sizes, progress }: BenchContext): Promise<SectionResult> {
    const runtime = env.runtime<unknown>({ services: undefined });
    const crashOnce = async (engine: Engine, intervalMs: number, run: number): Promise<CrashRun> => {
      const queueName = `bench-crash-${engine}-${intervalMs}-${run}`;
      const doneKey = `${env.prefix}:bench:done:${queueName}`;
      const worker = await spawnBenchWorker(env, queueName, { durableEveryMs: intervalMs });
      const job = await enqueuePaced(runtime, engine, { items: 100_000_000, workMs: 0, doneKey }, queueName);
      const jobId = String(job.id);
      await worker.waitForEvent(FIRST_ITEM_EVENT, (payload) => payload.jobId === jobId, 60_000);
      const startedAt = performance.now();
      // A random point: past the start-up, anywhere within one interval.
      await sleep(200 + Math.random() * intervalMs);
      const killedAt = performance.now();
      worker.kill('SIGKILL');
      await worker.exited;
      const lastDone = Number(await runtime.redis.get(doneKey));
      const stored =
        engine === 'continuable'
          ? await storedContinuableCursor(runtime.queue(queueName), jobId)
          : await storedIterationCursor(runtime.redis, env.prefix, queueName, jobId);
      if (!Number.isInteger(lastDone) || (stored ?? -1) > lastDone) {
        throw new BenchmarkCheckFailedError('crash-loss', `a stored cursor at or before the last done item ${lastDone}`, String(stored));
      }
      const itemsPerSecond = (lastDone + 1) / ((killedAt - startedAt) / 1000);
      return { redone: lastDone - (stored ?? -1), bound: (itemsPerSecond * intervalMs) / 1000 };
    };

    const figures: Figure[] = [];
    const targets: TargetCheck[] = [];
    const chartBars: { label: string; value: number }[] = [];
    for (const intervalMs of sizes.crashIntervalsMs) {
      const runs = new Map<Engine, CrashRun[]>(ENGINES.map((engine) => [engine, []]));
      for (let run = 0; run < sizes.crashRuns; run++) {
        // Both engines crash side by side: each run's bound comes from its own rate.
        const results = await Promise.all(ENGINES.map((engine) => crashOnce(engine, intervalMs, run)));
        results.forEach((result, i) => runs.get(ENGINES[i]!)!.push(result));
        progress(
          `interval ${intervalMs} ms, run ${run + 1}/${sizes.crashRuns}: ` +
            results.map((result, i) => `${ENGINES[i]} redid ${result.redone} (bound ${result.bound.toFixed(0)})`).join(', '),
        );
      }
      for (const engine of ENGINES) {
        const engineRuns = runs.get(engine)!;
        const name = `${engine}, every ${intervalMs.toLocaleString('en-US')} ms`;
        const ratios = spreadOf(engineRuns.map((r) => r.redone / Math.max(r.bound, 1)));
        figures.push(
          { label: `${name}: bound (items/s × interval)`, unit: 'items', value: spreadOf(engineRuns.map((r) => r.bound)) },
          { label: `${name}: items redone per crash`, unit: 'items', value: spreadOf(engineRuns.map((r) => r.redone)), baseline: `${name}: bound (items/s × interval)`, ratio: ratios },
        );
        chartBars.push({ label: name, value: ratios.median });
        targets.push(
          atMostTarget(
            `${name}: items redone per crash within the bound (worst run)`,
            ratios.max,
            1,
            '× the bound',
            'items done while the last write was under way count twice; or the item rate varied within the run',
          ),
        );
      }
    }
    return {
      id: 'crash-loss',
      title: this.title,
      measures:
        `A real worker process runs a job whose items each do one Redis SET recording the item as done; both engines write progress every ` +
        `${sizes.crashIntervalsMs.map((ms) => `${ms.toLocaleString('en-US')} ms`).join(', ')} (continuable \`checkpointEveryMs\`, iteration \`flushIntervalMs\`). ` +
        `SIGKILL at a random point 200 ms + up to one interval after the first item, ${sizes.crashRuns} runs per interval and engine (the two engines side by side). ` +
        'Items redone = last item recorded done − the cursor in the stored progress; bound = the run\'s items per second × the interval.',
      figures,
      targets,
      charts: [{ title: 'Items redone per crash / bound (median of runs)', yAxis: '× bound', bars: chartBars }],
      notes: ['Without periodic writes (continuable\'s default) a crash redoes every item since the job began: the interval is what bounds the loss.'],
    };
  },
};
