import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countHandledSubjects } from '../../src/domain/side-effect-ledger.js';
import { allDemoJobClasses } from '../../src/jobs/catalog.js';
import type { DemoServices } from '../../src/jobs/shared/demo-services.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { enqueuedIds, operatorEnv, runCommand } from '../operator/support/operator-commands.js';

/**
 * Operator job ids came from a counter in Redis. When Redis lost its data (or a second JOBS_PREFIX
 * shared the database) the counter started again, a new job got an old job's id, and `jobs status`
 * counted the old job's ledger rows as the new one's progress ("2000/1000 orders (200%)" on a job
 * that had not run). A new operator job's id must be new to the ledger, whatever Redis remembers.
 */
describe('operator job ids after Redis lost its data, and across prefixes sharing one database', { timeout: 180_000 }, () => {
  let env: ScenarioEnvironment;
  beforeAll(async () => {
    env = await openScenario('reliability-operator-job-ids');
  });
  afterAll(async () => {
    await env?.close();
  });
  const jobs = (prefix: string, ...args: string[]) => runCommand('jobs', args, operatorEnv(env, { JOBS_PREFIX: prefix }));

  /** What Redis losing its data looks like to one prefix: none of its keys is left. */
  async function loseRedisData(prefix: string): Promise<void> {
    const redis = env.runtime<unknown>({ services: {} }).redis;
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  }

  /** The progress column `jobs status` prints for a job. */
  async function statusOf(prefix: string, jobId: string): Promise<string> {
    const status = await jobs(prefix, 'status');
    expect(status.code, status.stderr).toBe(0);
    return status.stdout.split('\n').find((line) => line.startsWith(`${jobId} `)) ?? `(no line for ${jobId} in:\n${status.stdout})`;
  }

  it('a job enqueued after the data loss, or under another prefix, gets an id of its own and shows 0% until it runs', async () => {
    // Given: an operator orders job that ran to the end, its 100 orders in the ledger.
    const first = await jobs(env.prefix, 'enqueue', 'orders', '--engine', 'iteration', '--profile', 'quick');
    const [oldId] = enqueuedIds(first.stdout);
    const runtime = env.runtime<DemoServices>({ services: { orm: env.orm, processing: {} } }).register(...allDemoJobClasses);
    const worker = runtime.startWorker();
    await waitFor('the first job to complete', async () => (await runtime.queue().getJob(oldId!))?.getState(), (state) => state === 'completed', { timeoutMs: 60_000 });
    await worker.close();
    expect(await countHandledSubjects(env.orm.em.fork(), oldId!, 'order')).toBe(100);

    // Redis loses the prefix's data; the ledger (PostgreSQL) keeps it.
    await loseRedisData(env.prefix);
    const second = await jobs(env.prefix, 'enqueue', 'orders', '--engine', 'iteration', '--profile', 'quick');
    const [newId] = enqueuedIds(second.stdout);
    expect(await statusOf(env.prefix, newId!)).toMatch(/ 0\/100 orders \(0%\) /);
    expect(newId).not.toBe(oldId);

    // Another prefix on the same database: its first job is not the first job of this one either.
    const other = `${env.prefix}-other`;
    const third = await jobs(other, 'enqueue', 'orders', '--engine', 'iteration', '--profile', 'quick');
    const [otherId] = enqueuedIds(third.stdout);
    expect([oldId, newId]).not.toContain(otherId);
    expect(await statusOf(other, otherId!)).toMatch(/ 0\/100 orders \(0%\) /);
    for (const jobId of [newId!, otherId!]) expect(await countHandledSubjects(env.orm.em.fork(), jobId, 'order')).toBe(0);
  });
});
