import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { FaultBench, newPassword } from './support/fault-bench.js';
import { localBinaries, OwnRedis } from './support/own-servers.js';
import { runCaptured } from './support/run-captured.js';

/**
 * Faults on a Redis of the scenario's own, with a password (requirepass) and AOF, while real worker
 * processes run the orders job on both engines: every client connection killed, Redis restarted,
 * three worker SIGKILLs in a row. After each, an SQL audit of the ledger: every order exactly once,
 * both jobs completed. Then a worker with a wrong password: one line, exit 1. No output of any worker
 * process contains the password.
 */
const binaries = localBinaries();
const source = 'scenarios/reliability/redis-faults';

describe.runIf(binaries)('Redis faults under real worker processes (own redis-server, password, AOF)', () => {
  const password = newPassword();
  let env: ScenarioEnvironment;
  let redis: OwnRedis;
  let bench: FaultBench;

  beforeAll(async () => {
    env = await openScenario('reliability-redis-faults');
    redis = await OwnRedis.start(binaries!, { persistence: 'aof', password });
    bench = new FaultBench(env, redis.url, '{rf}');
    await bench.spawnWorker();
  });
  afterAll(async () => {
    await bench?.close();
    await redis?.stop();
  });

  it('CLIENT KILL of every connection, three times: both jobs complete, every order exactly once', async () => {
    const { data, jobs } = await bench.enqueueOrders('client-kill');
    await bench.progress(jobs, 100);
    const firstAt = Date.now();
    for (let i = 0; i < 3; i++) {
      await bench.runtime.redis.client('KILL', 'TYPE', 'normal');
      await bench.progress(jobs, 60);
    }
    await bench.completed(jobs);
    const audits = await bench.audit(data, jobs, {
      source,
      runner: 'worker processes',
      fault: 'Redis CLIENT KILL (all normal clients)',
      injections: 3,
      recoveryMs: Date.now() - firstAt,
    });
    for (const audit of audits) expect(audit).toMatchObject({ itemsLost: 0, duplicateEffects: 0 });
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
    await waitFor('every worker process output collected', () => bench.workers.length > 0);
    const output = bench.output();
    expect(output).not.toContain(password);
    const connectionLines = output.split('\n').filter((line) => /ECONNREFUSED|EPIPE|ECONNRESET|Connection is closed/.test(line));
    expect(connectionLines.length).toBeLessThan(12 * bench.workers.length);
  });
});
