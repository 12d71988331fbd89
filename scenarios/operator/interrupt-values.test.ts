import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { enqueuedIds, operatorEnv, runCommand } from './support/operator-commands.js';

/**
 * An operator asks a waiting job to stop at a place that makes no sense: order 0, after 0 orders,
 * a negative order, past the job's end. Each is a usage error (exit 2, one line that says what to
 * type) and nothing is stored: a flag with no cursor would make the worker fail the job for good.
 */
describe('npm run jobs -- interrupt with values that make no sense', { timeout: 180_000 }, () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<unknown>;
  let jobId: string;
  beforeAll(async () => {
    env = await openScenario('operator-interrupt-values');
    runtime = env.runtime<unknown>({ services: {} });
    const added = await runCommand('jobs', ['enqueue', 'orders', '--engine', 'iteration', '--profile', 'quick'], operatorEnv(env));
    expect(added.code).toBe(0);
    jobId = enqueuedIds(added.stdout)[0]!;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('refuses 0, negatives and past-the-end positions with exit 2 and one line, and stores no flag', async () => {
    // The issue's own case, and past the end (the job has 100 orders); every other value is covered
    // in-process by src/cli/whole-number-options.test.ts: a process each costs seconds.
    const cases = [['--at', '0'], ['--after-items', '100']];
    const results = await Promise.all(cases.map((options) => runCommand('jobs', ['interrupt', jobId, ...options], operatorEnv(env))));
    results.forEach((result, index) => {
      const shown = cases[index]!.join(' ');
      expect(result.code, shown).toBe(2);
      expect(result.stdout, shown).toBe('');
      expect(result.stderr, shown).toMatch(/^jobs: --(at|after-items) must be (from|a whole number from) 1[^\n]*\n$/);
    });
    expect(await runtime.redis.exists(runtime.flags.key(runtime.defaultQueueName, jobId))).toBe(0);
    // A sensible value still works: the boundary is the job's size, not a guess.
    const fine = await runCommand('jobs', ['interrupt', jobId, '--after-items', '99'], operatorEnv(env));
    expect(fine).toMatchObject({ code: 0, stderr: '' });
    expect(await runtime.flags.get(runtime.defaultQueueName, jobId)).toMatchObject({ kind: 'after-items', items: 99 });
  });
});
