import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { CheckpointStore } from 'resumable-jobs/iteration';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import type { Engine } from '../../src/harness/reporting/types.js';
import { operatorEnv, startCommand, type RunningCommand } from '../operator/support/operator-commands.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { auditLedger } from './support/audit.js';
import { FaultBench, ordersPerJob } from './support/fault-bench.js';
import { localBinaries, OwnRedis } from './support/own-servers.js';

/**
 * Redis is full (`maxmemory` reached, policy `noeviction`) when a deploy SIGTERMs the worker: every
 * checkpoint write is refused. The worker must not say "saved" or "checkpointed" for a write Redis
 * refused; it says in one line what was lost and where each job will resume, and exits non-zero.
 * The stored checkpoints stay as they were (no half-written hash), no attempt is used up, and once
 * memory is freed the jobs resume from their last durable checkpoint. Run with the operator
 * worker's defaults: production timing (checkpoints every 5 s), idempotency keys on.
 */
const binaries = localBinaries();
const prefix = '{rf}';

describe.runIf(binaries)('Redis full (maxmemory, noeviction) when npm run worker gets SIGTERM', () => {
  let env: ScenarioEnvironment;
  let redis: OwnRedis;
  let bench: FaultBench;
  let worker: RunningCommand | undefined;

  beforeAll(async () => {
    env = await openScenario('reliability-redis-full');
    redis = await OwnRedis.start(binaries!, { persistence: 'none' });
    bench = new FaultBench(env, redis.url, prefix);
  });
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await bench?.close();
    await redis?.stop();
  }, 180_000);

  /** What each engine has stored for a job: the continuation in its data, or the checkpoint hash. */
  const stored = async (engine: Engine, job: Job): Promise<unknown> =>
    engine === 'continuable'
      ? ((await bench.runtime.queue().getJob(String(job.id)))!.data as { continuation?: unknown }).continuation
      : bench.runtime.redis.hgetall(CheckpointStore.keyFor(prefix, 'jobs', String(job.id)));
  const storedCursor = (engine: Engine, value: unknown): unknown =>
    engine === 'continuable' ? (value as { current?: [string, unknown] } | undefined)?.current?.[1] : JSON.parse((value as { cursor?: string }).cursor ?? 'null');

  it('says nothing was saved, exits non-zero, keeps each checkpoint and resumes from it without using an attempt', async () => {
    // Given both engines' orders jobs under way on npm run worker, each with a durable checkpoint.
    const { data, jobs } = await bench.enqueueOrders('full');
    worker = startCommand('worker', ['--delay-ms', '40'], operatorEnv(env, { REDIS_URL: redis.url, JOBS_PREFIX: prefix }));
    await worker.waitForLine(/"event":"ready"/, 90_000);
    for (const [engine, job] of jobs) {
      await waitFor(`${engine}: a durable checkpoint`, () => stored(engine, job), (value) => storedCursor(engine, value) != null, { timeoutMs: 60_000 });
    }

    // Redis fills up: from now on it refuses every write that needs memory.
    await redis.fill();
    const before = new Map<Engine, unknown>();
    for (const [engine, job] of jobs) before.set(engine, await stored(engine, job));

    // The deploy: SIGTERM. The worker cannot write a checkpoint and must say so, and exit non-zero.
    worker.child.kill('SIGTERM');
    const code = await worker.exited;
    const output = worker.output();
    expect(code, output).not.toBe(0);
    for (const [engine, job] of jobs) {
      const lines = output.split('\n').filter((line) => line.includes(String(job.id)));
      expect(lines.filter((line) => /saved|checkpointed/i.test(line)), `${engine}: no line claims the refused write`).toEqual([]);
      expect(lines.filter((line) => /Redis refused the checkpoint/.test(line)), `${engine}: one line says what was lost`).toHaveLength(1);
      // The stored checkpoint is exactly what it was (no half-written hash), and no attempt was used.
      expect(await stored(engine, job), `${engine}: stored checkpoint unchanged`).toEqual(before.get(engine));
      const after = (await bench.runtime.queue().getJob(String(job.id)))!;
      expect(after.attemptsMade, `${engine}: attempts used`).toBe(0);
    }

    // Memory is freed and a worker starts again: BullMQ's stalled check hands the jobs on, and each
    // resumes from its last durable checkpoint.
    await redis.free();
    const freedAt = Date.now();
    const resumedFrom = new Map<Engine, Promise<unknown>>([
      ['continuable', bench.runtime.events.once('continuable.resume', (event) => event.jobId === String(jobs.get('continuable')!.id)).then((event) => event.current?.[1])],
      ['iteration', bench.runtime.events.once('iteration.resumed', (event) => event.jobId === String(jobs.get('iteration')!.id)).then((event) => event.cursor)],
    ]);
    bench.runtime.startWorker({ concurrency: 2, crashRecovery: fastCrashRecovery });
    for (const engine of jobs.keys()) {
      expect(await resumedFrom.get(engine), `${engine}: resumed from the stored cursor`).toEqual(storedCursor(engine, before.get(engine)));
    }
    await bench.completed(jobs);
    const recoveryMs = Date.now() - freedAt;

    for (const [engine, job] of jobs) {
      const finished = (await bench.runtime.queue().getJob(String(job.id)))!;
      const audit = await auditLedger(env.orm, data.get(engine)!, [String(job.id)]);
      // BullMQ counts the completing run as an attempt: 1 attempt and no failure recorded means the
      // refused write cost none.
      const failures = finished.stacktrace?.length ?? 0;
      const passed = code !== 0 && finished.attemptsMade === 1 && failures === 0 && audit.itemsLost === 0;
      await recordFault({
        fault: 'Redis full (maxmemory, noeviction) at SIGTERM',
        source: 'scenarios/reliability/redis-full',
        workload: `${engine} orders, npm run worker`,
        injections: 1,
        jobsAffected: 1,
        ...audit,
        mode: 'keys',
        duplicateBound: 0,
        recoveryMs,
        note:
          `npm run worker defaults (idempotency keys on, checkpoint every 5 s); worker exit ${String(code)}, ` +
          `no "saved"/"checkpointed" line; stored checkpoint unchanged; resumed from it after memory was freed; ` +
          `attempts: ${finished.attemptsMade} (the completing run), failures recorded: ${failures}; ${ordersPerJob} orders, the orders job reads only pending ones so none ran twice`,
        passed,
      });
      expect(audit.itemsLost).toBe(0);
      expect({ attemptsMade: finished.attemptsMade, failures }).toEqual({ attemptsMade: 1, failures: 0 });
    }
  }, 240_000);
});
