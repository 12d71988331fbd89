// Section 12: crash recovery. A real worker process is SIGKILLed mid-job; a second one is already
// running: timed from the kill until the job's first item on the survivor, with the runtime's default
// crash settings and with short ones. What short settings cost: the Redis calls a worker makes per
// second with one job active (INFO commandstats before and after a window), on each setting.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectRedis, fastCrashRecovery, defaultCrashRecovery, type CrashRecoverySettings, type RedisConnection } from 'resumable-jobs/runtime';
import type { Engine } from '../../src/harness/reporting/types.js';
import type { WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { FIRST_ITEM_EVENT, PacedContinuable, type PacedServices } from './paced-jobs.js';
import { spreadOf } from './spread.js';
import { atMostTarget } from './targets.js';
import type { Figure, TargetCheck } from './types.js';
import { enqueuePaced, spawnBenchWorker } from './worker-processes.js';

const ENGINES: Engine[] = ['continuable', 'iteration'];

interface Setting {
  name: string;
  /** Undefined: the worker process starts without any, so the runtime's defaults apply. */
  crashRecovery?: CrashRecoverySettings;
  settings: CrashRecoverySettings;
}

const describeSetting = (s: CrashRecoverySettings) => `lock ${s.lockDurationMs / 1000} s, stalled check every ${s.stalledIntervalMs / 1000} s`;

/** Total commands Redis has executed so far (INFO commandstats). */
async function commandsSoFar(redis: RedisConnection): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Resolves with the worker that announces `jobId`'s first item, and when. */
const whoRuns = (workers: WorkerProcess[], jobId: string, timeoutMs: number) =>
  Promise.any(workers.map((worker) => worker.waitForEvent(FIRST_ITEM_EVENT, (payload) => payload.jobId === jobId, timeoutMs).then(() => ({ worker, at: performance.now() }))));

export const crashRecovery: Section = {
  number: 12,
  title: 'Crash recovery: SIGKILL mid-job to the job running on another worker',
  async measure({ env, sizes, progress }: BenchContext): Promise<SectionResult> {
    const runtime = env.runtime<unknown>({ services: undefined });
    const settings: Setting[] = [
      ...(sizes.crashRecovery.withDefaults ? [{ name: 'defaults', settings: defaultCrashRecovery }] : []),
      { name: 'short', crashRecovery: fastCrashRecovery, settings: fastCrashRecovery },
    ];
    const figures: Figure[] = [];
    const targets: TargetCheck[] = [];
    const recoverOnce = async (engine: Engine, setting: Setting, run: number): Promise<number> => {
      const queueName = `bench-recovery-${engine}-${setting.name}-${run}`;
      const options = { crashRecovery: setting.crashRecovery };
      const workers = await Promise.all([spawnBenchWorker(env, queueName, options), spawnBenchWorker(env, queueName, options)]);
      const job = await enqueuePaced(runtime, engine, { items: 100_000_000, workMs: 10 }, queueName);
      const jobId = String(job.id);
      const { worker: victim } = await whoRuns(workers, jobId, 60_000);
      await sleep(200);
      const survivor = workers.find((worker) => worker !== victim)!;
      const killedAt = performance.now();
      victim.kill('SIGKILL');
      await victim.exited;
      await survivor.waitForEvent(FIRST_ITEM_EVENT, (payload) => payload.jobId === jobId, setting.settings.lockDurationMs + setting.settings.stalledIntervalMs * 2 + 60_000);
      const ms = performance.now() - killedAt;
      await survivor.stop(15_000);
      await runtime.queue(queueName).obliterate({ force: true });
      return ms;
    };
    // In process: the settings act on the worker alone, and no process start weighs on the window.
    const callsPerSecond = async (setting: Setting, activeJobs = 1): Promise<number> => {
      const queueName = `bench-recovery-calls-${setting.name}-${activeJobs}`;
      const services = { redis: connectRedis(env.redisUrl, { maxRetriesPerRequest: null }) };
      const lab = env.runtime<PacedServices>({ services, queueName }).register(PacedContinuable);
      const worker = lab.startWorker({ concurrency: activeJobs, crashRecovery: setting.settings });
      let active = 0;
      const allActive = new Promise<void>((resolve) => worker.on('active', () => ++active === activeJobs && resolve()));
      for (let i = 0; i < activeJobs; i++) await lab.enqueue(PacedContinuable, { items: 100_000_000, workMs: 10 });
      await allActive;
      const before = await commandsSoFar(runtime.redis);
      const startedAt = performance.now();
      await sleep(sizes.crashRecovery.windowMs);
      const calls = (await commandsSoFar(runtime.redis)) - before - 1;
      const seconds = (performance.now() - startedAt) / 1000;
      await lab.close();
      services.redis.disconnect();
      return calls / seconds;
    };

    for (const setting of settings) {
      const times = new Map<Engine, number[]>(ENGINES.map((engine) => [engine, []]));
      for (let run = 0; run < sizes.crashRecovery.runs; run++) {
        // Both engines side by side: at the defaults a run lasts as long as the lock.
        const results = await Promise.all(ENGINES.map((engine) => recoverOnce(engine, setting, run)));
        results.forEach((ms, i) => times.get(ENGINES[i]!)!.push(ms));
        progress(`${setting.name} (${describeSetting(setting.settings)}), run ${run + 1}: ${results.map((ms, i) => `${ENGINES[i]} ${Math.round(ms)} ms`).join(', ')}`);
      }
      for (const engine of ENGINES) {
        const spread = spreadOf(times.get(engine)!);
        figures.push({ label: `${engine}, ${setting.name} (${describeSetting(setting.settings)}): SIGKILL → running on another worker`, unit: 'ms', value: spread });
        if (setting.name === 'defaults') {
          targets.push(
            atMostTarget(
              `${engine}: running again within 10 s of a SIGKILL, default settings (worst)`,
              spread.max,
              10_000,
              'ms',
              `the default lock lives ${setting.settings.lockDurationMs / 1000} s and the stalled check runs every ${setting.settings.stalledIntervalMs / 1000} s: a dead worker's job waits for both`,
            ),
          );
        }
      }
    }
    const calls = new Map<string, number>();
    const callSettings: Setting[] = [{ name: 'defaults', settings: defaultCrashRecovery }, { name: 'short', crashRecovery: fastCrashRecovery, settings: fastCrashRecovery }];
    for (const setting of callSettings) {
      calls.set(setting.name, await callsPerSecond(setting));
      figures.push({
        label: `Redis calls per second, one worker with one active job, ${setting.name} (${describeSetting(setting.settings)})`,
        unit: 'calls/s',
        value: spreadOf([calls.get(setting.name)!]),
        ...(setting.name === 'short' ? { baseline: `Redis calls per second, one worker with one active job, defaults (${describeSetting(defaultCrashRecovery)})`, ratio: spreadOf([calls.get('short')! / calls.get('defaults')!]) } : {}),
      });
    }
    // What more running jobs add: lock renewals grow with them; control flags are read in one MGET for all.
    const manyActive = 8;
    const defaults: Setting = { name: 'defaults', settings: defaultCrashRecovery };
    const withMany = await callsPerSecond(defaults, manyActive);
    figures.push({
      label: `Redis calls per second, one worker with ${manyActive} active jobs, defaults (${describeSetting(defaultCrashRecovery)})`,
      unit: 'calls/s',
      value: spreadOf([withMany]),
      baseline: `Redis calls per second, one worker with one active job, defaults (${describeSetting(defaultCrashRecovery)})`,
      ratio: spreadOf([withMany / calls.get('defaults')!]),
    });
    return {
      id: 'crash-recovery',
      title: this.title,
      measures:
        'Two real worker processes on one queue; a job of 10 ms items starts on one of them, which is SIGKILLed 200 ms later; timed from the kill until the job\'s first item on the other. ' +
        `${sizes.crashRecovery.withDefaults ? `With the runtime's defaults (the worker processes are given no crash settings: ${describeSetting(defaultCrashRecovery)}) and ` : ''}` +
        `with short settings (${describeSetting(fastCrashRecovery)}); ${sizes.crashRecovery.runs} runs each, the two engines side by side. ` +
        `Redis calls: INFO commandstats totals before and after ${sizes.crashRecovery.windowMs / 1000} s of one in-process worker running one continuable job of 10 ms items (no Redis call per item), on each setting; and with the defaults, 8 such jobs at once.`,
      figures,
      targets,
      charts: [{ title: 'SIGKILL to running again (median, ms)', yAxis: 'ms', bars: figures.filter((f) => f.unit === 'ms').map((f) => ({ label: f.label.split(':')[0]!, value: f.value.median })) }],
      notes: [
        'A job comes back after its lock expires and a live worker\'s stalled check next runs: about the lock duration plus up to one check interval. Shorter settings renew locks and check more often, which is what the calls per second measure; with many active jobs the renewals grow with them.',
      ],
    };
  },
};
