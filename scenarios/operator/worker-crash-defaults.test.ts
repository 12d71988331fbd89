import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessRunning } from '../../src/harness/stack/guard/process-liveness.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { enqueuedIds, operatorEnv, runCommand, startCommand, type RunningCommand } from './support/operator-commands.js';

/**
 * `npm run worker` as a user runs it, with its defaults. Before, it had no idempotency keys: a
 * SIGKILL 3 s into a reports job, before its first 5 s checkpoint flush, and the next worker wrote 80
 * of 100 reports again. With its defaults the work after the last checkpoint is redone, but every
 * report is written once: the redone ones are recorded as replayed.
 */
describe('npm run worker with its defaults, SIGKILLed before its first checkpoint flush', { timeout: 240_000 }, () => {
  let env: ScenarioEnvironment;
  const workers: { command: RunningCommand; pid: number }[] = [];
  beforeAll(async () => {
    env = await openScenario('operator-worker-crash-defaults');
  });
  afterAll(async () => {
    for (const { command, pid } of workers) {
      if (isProcessRunning(pid)) process.kill(pid, 'SIGKILL');
      command.child.kill('SIGKILL');
    }
    await env?.close();
  });
  const startWorker = async () => {
    // Only the pace is set (so the kill lands mid-job); everything else is the default.
    const command = startCommand('worker', ['--delay-ms', '300'], operatorEnv(env));
    const ready = JSON.parse(await command.waitForLine(/"event":"ready"/, 90_000)) as { pid: number };
    // The worker's own process (the command runs it under tsx, which cannot pass a SIGKILL on).
    const worker = { command, pid: ready.pid };
    workers.push(worker);
    return worker;
  };
  const ledger = async (jobId: string) => {
    const [row] = await env.orm.em.fork().execute<{ written: number; subjects: number; replayed: number }[]>(
      `select count(*) filter (where kind = 'report.written')::int as written,
              count(distinct subject_id) filter (where kind = 'report.written')::int as subjects,
              count(*) filter (where kind = 'report.replayed')::int as replayed
         from side_effects where job_id = ?`,
      [jobId],
    );
    return row!;
  };

  it('the next worker redoes the unsaved customers but writes every report once', async () => {
    const added = await runCommand('jobs', ['enqueue', 'reports', '--engine', 'iteration', '--profile', 'quick'], operatorEnv(env));
    const [jobId] = enqueuedIds(added.stdout);
    const first = await startWorker();
    // A few customers in (about a second), well before the first 5 s checkpoint flush: SIGKILL.
    await waitFor('a few reports written', () => ledger(jobId!), (row) => row.written >= 3, { timeoutMs: 60_000 });
    process.kill(first.pid, 'SIGKILL');
    await first.command.exited;
    expect(isProcessRunning(first.pid)).toBe(false);
    const beforeResume = await ledger(jobId!);

    // A new worker picks the job up once its lock expires, and runs it to the end.
    await startWorker();
    await waitFor('all 20 reports written', () => ledger(jobId!), (row) => row.subjects === 20, { timeoutMs: 150_000, intervalMs: 250 });
    const after = await ledger(jobId!);
    // Every customer's report once; the ones written before the kill were redone as replays, not rewritten.
    expect({ written: after.written, subjects: after.subjects }).toEqual({ written: 20, subjects: 20 });
    expect(after.replayed).toBeGreaterThan(0);
    expect(after.replayed).toBeLessThanOrEqual(beforeResume.subjects + 1); // + the one in flight at the kill
    // The worker said so when it started.
    expect(first.command.output()).toMatch(/"idempotencyKeys":true/);
  });
});
