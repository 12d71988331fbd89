import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import type { Runtime } from 'resumable-jobs/runtime';
import { enqueuedIds, operatorEnv, runCommand, type CommandResult } from './support/operator-commands.js';
import { expectEveryItemOnceResumedAfter, readJobLedger } from './support/ledger-checks.js';

/** "1 customer", "12 customers": how the verdict counts what a stopped execution did (under load it may be one). */
const counted = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * `npm run demo` as a presenter runs it: a real process that seeds, starts real worker processes,
 * interrupts, prints the checkpoint, resumes in a new worker process and prints a verdict. One run
 * per interruption method, on the quick profile; each outcome is read back from the ledger.
 */
describe('npm run demo, run as a process against the test servers', { timeout: 180_000 }, () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<unknown>;
  beforeAll(async () => {
    env = await openScenario('operator-demo');
    runtime = env.runtime<unknown>({ services: {} });
  });
  afterAll(async () => {
    await env?.close();
  });

  const demo = (args: string[]) => runCommand('demo', [...args, '--profile', 'quick'], operatorEnv(env));
  const claimedKeys = async (jobIds: string[]) => {
    const [row] = await env.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from effect_keys where job_id in (?)', [jobIds]);
    return row!.n;
  };
  const expectClean = (result: CommandResult) => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  };

  it('flag, both engines at once: both stop at order 30, show that cursor, resume at 31, and agree side by side', async () => {
    const result = await demo(['orders', '--engine', 'both', '--interrupt', 'flag', '--at', '30']);
    expectClean(result);
    const ids = enqueuedIds(result.stdout);
    expect(ids).toHaveLength(2);
    for (const [engine, jobId] of [['continuable', ids[0]!], ['iteration', ids[1]!]] as const) {
      const ledger = await readJobLedger(env.orm, runtime, jobId);
      expectEveryItemOnceResumedAfter(ledger, 30);
      // The checkpoint printed is what Redis held: the id of the 30th order.
      expect(result.stdout).toContain(`${engine}: checkpoint saved: cursor ${ledger.subjectIds[29]} = order 30 of 100 orders done; resumes at order 31`);
      expect(result.stdout).toContain(`verdict ${engine}: processed 30 orders, interrupted (flag), resumed at order 31, completed 100 orders, 0 duplicates ✔`);
    }
    expect(result.stdout).toMatch(/^resumed at\s+order 31\s+order 31$/m);
    // By default the demo runs raw: no idempotency key was claimed, the checkpoints alone kept it exact.
    expect(result.stdout).toContain('raw effects (no idempotency keys');
    expect(await claimedKeys(ids)).toBe(0);
  });

  it('sigterm: a real SIGTERM to the worker process, a new process resumes right after the checkpoint', async () => {
    const result = await demo(['orders', '--engine', 'continuable', '--interrupt', 'sigterm', '--at', '20']);
    expectClean(result);
    expect(result.stdout).toMatch(/interrupting at order 20: SIGTERM to worker process \d+/);
    const [jobId] = enqueuedIds(result.stdout);
    const ledger = await readJobLedger(env.orm, runtime, jobId!);
    expectEveryItemOnceResumedAfter(ledger, 'any');
    const stopped = ledger.executions[0]!.length;
    expect(stopped).toBeGreaterThanOrEqual(20);
    expect(result.stdout).toContain(`verdict continuable: processed ${counted(stopped, 'order')}, interrupted (shutdown), resumed at order ${stopped + 1}, completed 100 orders, 0 duplicates ✔`);
  });

  it('progress: stops after exactly 3 email batches and resumes at batch 4', async () => {
    const result = await demo(['email', '--engine', 'iteration', '--interrupt', 'progress', '--after-items', '3']);
    expectClean(result);
    const [jobId] = enqueuedIds(result.stdout);
    expectEveryItemOnceResumedAfter(await readJobLedger(env.orm, runtime, jobId!), 150);
    expect(result.stdout).toContain('verdict iteration: processed 3 batches, interrupted (progress), resumed at batch 4, completed 10 batches (500 recipients), 0 duplicates ✔');
  });

  it('time: stops after a fraction of a second of customer reports and resumes right after', async () => {
    const result = await demo(['reports', '--engine', 'continuable', '--interrupt', 'time', '--after-seconds', '0.2']);
    expectClean(result);
    const [jobId] = enqueuedIds(result.stdout);
    const ledger = await readJobLedger(env.orm, runtime, jobId!);
    expectEveryItemOnceResumedAfter(ledger, 'any');
    const stopped = ledger.executions[0]!.length;
    expect(result.stdout).toContain(`verdict continuable: processed ${counted(stopped, 'customer')}, interrupted (time), resumed at customer ${stopped + 1}, completed 20 customers, 0 duplicates ✔`);
  });

  it('none, --idempotent: runs to completion in one execution, every effect under its idempotency key', async () => {
    const result = await demo(['orders', '--engine', 'iteration', '--interrupt', 'none', '--idempotent']);
    expectClean(result);
    const [jobId] = enqueuedIds(result.stdout);
    const ledger = await readJobLedger(env.orm, runtime, jobId!);
    expect(ledger.executions).toHaveLength(1);
    expect(ledger.executions[0]).toEqual(ledger.subjectIds);
    expect(result.stdout).toContain('verdict iteration: completed 100 orders in one execution, 0 duplicates ✔');
    expect(result.stdout).toContain('idempotency keys on');
    expect(await claimedKeys([jobId!])).toBe(100);
  });
});
