import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { FaultBench, newPassword, type EnqueuedPair } from './support/fault-bench.js';
import { localBinaries, OwnRedis } from './support/own-servers.js';
import { runCaptured } from './support/run-captured.js';

/**
 * Faults on a Redis of the scenario's own, with a password (requirepass) and AOF, while real worker
 * processes run the orders job on both engines: every client connection killed, Redis restarted,
 * three worker SIGKILLs in a row. After each, an SQL audit of the ledger: every order exactly once,
 * both jobs completed. The client kills and a SIGKILL again raw (no idempotency keys), on the email job,
 * whose sends can repeat: duplicates within the work done after the last durable checkpoint, sampled
 * while the jobs ran. Then a worker with a wrong password: one line, exit 1. No output of any worker
 * process contains the password.
 */
const binaries = localBinaries();
const source = 'scenarios/reliability/redis-faults';

describe.runIf(binaries)('Redis faults under real worker processes (own redis-server, password, AOF)', () => {
  const password = newPassword();
  let env: ScenarioEnvironment;
  let redis: OwnRedis;
  let bench: FaultBench;
  /** Raw effects, the email job: 20 ms a recipient, so a kill lands mid-run and the runs stay a few seconds. */
  let rawBench: FaultBench;

  beforeAll(async () => {
    env = await openScenario('reliability-redis-faults');
    redis = await OwnRedis.start(binaries!, { persistence: 'aof', password });
    bench = new FaultBench(env, redis.url, '{rf}');
    rawBench = new FaultBench(env, redis.url, '{rf-raw}', { mode: 'raw', perItemDelayMs: 20 });
    await Promise.all([bench.spawnWorker(), rawBench.spawnWorker()]);
  });
  afterAll(async () => {
    await Promise.all([bench?.close(), rawBench?.close()]);
    await redis?.stop();
  });

  /** Kills every client connection three times, each once the jobs moved on, then audits them. */
  async function killClientsThrice(target: FaultBench, run: EnqueuedPair, before: number, between: number) {
    await target.progress(run.jobs, before);
    const firstAt = Date.now();
    for (let i = 0; i < 3; i++) {
      await target.runtime.redis.client('KILL', 'TYPE', 'normal');
      await target.progress(run.jobs, between);
    }
    await target.completed(run.jobs);
    return target.audit(run.data, run.jobs, {
      source,
      runner: 'worker processes',
      fault: 'Redis CLIENT KILL (all normal clients)',
      injections: 3,
      recoveryMs: Date.now() - firstAt,
    });
  }

  /** Raw: no item lost, and no more repeated effects than the work after the last durable checkpoint. */
  function expectNoneLostRepeatsWithinBound(audits: Awaited<ReturnType<FaultBench['audit']>>) {
    for (const audit of audits) {
      expect(audit.itemsLost).toBe(0);
      expect(audit.duplicateEffects).toBeLessThanOrEqual(audit.duplicateBound);
    }
  }

  it('CLIENT KILL of every connection, three times: both jobs complete, every order exactly once', async () => {
    const audits = await killClientsThrice(bench, await bench.enqueueOrders('client-kill'), 100, 60);
    for (const audit of audits) expect(audit).toMatchObject({ itemsLost: 0, duplicateEffects: 0 });
  });

  it('raw, email: CLIENT KILL three times: both jobs complete, no send lost, repeated sends within the work after the last durable checkpoint', async () => {
    expectNoneLostRepeatsWithinBound(await killClientsThrice(rawBench, await rawBench.enqueueEmails('raw-client-kill', 200, 5), 40, 40));
  });

  it('raw, email: SIGKILL of the worker process mid-run: the resumed run repeats sends, no more than the work after the last durable checkpoint', async () => {
    const { data, jobs } = await rawBench.enqueueEmails('raw-sigkill', 300, 5);
    const running = rawBench.workers.at(-1)!;
    // The next worker starts while this one sends (a process takes seconds to start), then this one is killed.
    await Promise.all([rawBench.spawnWorker(), rawBench.progress(jobs, 40)]);
    const killedAt = Date.now();
    running.kill('SIGKILL');
    expect(await running.exited).toBe('SIGKILL');
    await rawBench.completed(jobs);
    const audits = await rawBench.audit(data, jobs, {
      source,
      runner: 'worker processes',
      fault: 'Worker process SIGKILL',
      injections: 1,
      recoveryMs: Date.now() - killedAt,
      note: 'raw: the batches sent after the last durable checkpoint (written every 200 ms) are sent again by the resumed run',
    });
    // The kill landed mid-run (a second execution), nothing was lost, and the repeats stay within the bound.
    for (const audit of audits) expect(audit.executions).toBeGreaterThan(1);
    expectNoneLostRepeatsWithinBound(audits);
  });

  it('Redis restarted (AOF): workers reconnect, both jobs resume from their stored progress, every order exactly once', async () => {
    const { data, jobs } = await bench.enqueueOrders('aof-restart');
    await bench.progress(jobs, 100);
    const firstAt = Date.now();
    await redis.restart();
    await bench.completed(jobs);
    const audits = await bench.audit(data, jobs, {
      source,
      runner: 'worker processes',
      fault: 'Redis restart with AOF (appendfsync always)',
      injections: 1,
      recoveryMs: Date.now() - firstAt,
      note: 'queue, job data and checkpoints survive in the AOF; an order in flight at the restart is not redone: the resumed run reads pending orders after the cursor, and a done order is no longer pending',
    });
    for (const audit of audits) expect(audit).toMatchObject({ itemsLost: 0, duplicateEffects: 0 });
  });

  it('three SIGKILLs in a row of the worker process: the stalled check hands the jobs on, every order exactly once', async () => {
    const { data, jobs } = await bench.enqueueOrders('sigkill');
    const firstAt = Date.now();
    let running = bench.workers.at(-1)!;
    for (let i = 0; i < 3; i++) {
      // The next worker starts while this one works (a process takes seconds to start), then this one is killed.
      const [next] = await Promise.all([bench.spawnWorker(), bench.progress(jobs, 30)]);
      running.kill('SIGKILL');
      expect(await running.exited).toBe('SIGKILL');
      running = next;
    }
    await bench.completed(jobs);
    const audits = await bench.audit(data, jobs, {
      source,
      runner: 'worker processes',
      fault: 'Worker process SIGKILL, three in a row',
      injections: 3,
      recoveryMs: Date.now() - firstAt,
      note: 'work after the last durable checkpoint (at most ~200 ms) is lost from the checkpoint; for orders it is skipped, not replayed (done orders are no longer pending), and idempotency keys would suppress any replay',
    });
    for (const audit of audits) expect(audit).toMatchObject({ itemsLost: 0, duplicateEffects: 0 });
  });

  it('a worker process with a wrong password: one line, exit 1, no secret anywhere in its output', async () => {
    const wrong = newPassword();
    const config = {
      module: fileURLToPath(new URL('../../src/harness/worker-process/demo-worker-app.ts', import.meta.url)),
      redisUrl: redis.urlWithPassword(wrong),
      databaseUrl: env.databaseUrl,
      prefix: '{rf}',
    };
    const run = await runCaptured('src/harness/worker-process/worker-main.ts', { WORKER_PROCESS_CONFIG: JSON.stringify(config) });
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toContain('Redis refused the credentials in REDIS_URL');
    expect(run.output).not.toContain(wrong);
    expect(run.output).not.toContain(password);
    await recordFault({
      fault: 'Worker started with a wrong Redis password',
      source: 'scenarios/reliability/redis-faults',
      workload: 'worker process',
      injections: 1,
      jobsAffected: 0,
      itemsExpected: 0,
      itemsLost: 0,
      mode: 'none',
      duplicateEffects: 0,
      duplicateBound: 0,
      rawReplays: 0,
      recoveryMs: null,
      note: 'exit 1 with one line, no retry loop, no secret in the output',
      passed: true,
    });
  });

  it('no worker process printed the password, and an outage gave a few rate-limited lines, not dozens', async () => {
    await waitFor('every worker process output collected', () => bench.workers.length > 0 && rawBench.workers.length > 0);
    const output = `${bench.output()}\n${rawBench.output()}`;
    expect(output).not.toContain(password);
    const connectionLines = output.split('\n').filter((line) => /ECONNREFUSED|EPIPE|ECONNRESET|Connection is closed/.test(line));
    expect(connectionLines.length).toBeLessThan(12 * (bench.workers.length + rawBench.workers.length));
  });
});
