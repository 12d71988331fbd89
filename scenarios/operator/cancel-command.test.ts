import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from 'resumable-jobs/runtime';
import { countHandledSubjects } from '../../src/domain/side-effect-ledger.js';
import { seedPendingOrders } from '../../src/harness/seeding/index.js';
import { allDemoJobClasses, demoJobs } from '../../src/jobs/catalog.js';
import type { DemoServices } from '../../src/jobs/shared/demo-services.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { operatorEnv, runCommand } from './support/operator-commands.js';

/**
 * An operator cancels a demo job from the command line before any worker ran it; a worker then
 * ends it without processing an order, and the monitor shows it as cancelled, not completed.
 * The commands run as processes; the job is added and worked in-process (their own stories cover
 * `jobs enqueue` and `npm run worker`), which keeps this story to two rounds of process start-ups.
 */
describe('npm run jobs -- cancel <id>', { timeout: 180_000 }, () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<DemoServices>;
  beforeAll(async () => {
    env = await openScenario('operator-cancel');
    runtime = env.runtime<DemoServices>({ services: { orm: env.orm, processing: {} } }).register(...allDemoJobClasses);
  });
  afterAll(() => env?.close());
  const jobs = (...args: string[]) => runCommand('jobs', args, operatorEnv(env));

  it('cancels a waiting job: a worker ends it with no order processed, and the monitor says cancelled', async () => {
    const { orderIds } = await seedPendingOrders(env.orm.em.fork(), 20, 3);
    const jobId = String((await runtime.enqueue(demoJobs.orders.iteration, { fromId: orderIds[0], toId: orderIds.at(-1) }, { jobId: 'orders-iteration-1' })).id);

    const [cancelled, unknown, malformed] = await Promise.all([jobs('cancel', jobId), jobs('cancel', 'no-such-job'), jobs('cancel', 'orders:1')]);
    expect(cancelled).toMatchObject({ code: 0, stderr: '' });
    expect(cancelled.stdout).toMatch(new RegExp(`^${jobId}: cancelled \\(asked at \\S+Z, waiting\\); it ends at its next item`));
    // Bad ids are usage errors: one line, exit 2, nothing written.
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr.trim().split('\n')).toEqual(['jobs: no job "no-such-job" in the demo queue; npm run jobs -- list shows the ids there are']);
    expect(malformed).toMatchObject({ code: 2, stdout: '' });
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
    expect(await runtime.redis.exists(runtime.flags.key('jobs', 'no-such-job'))).toBe(0);

    runtime.startWorker();
    await waitFor(`${jobId} to end`, async () => (await runtime.queue().getJob(jobId))!.getState(), (state) => state === 'completed', { timeoutMs: 60_000 });
    const job = (await runtime.queue().getJob(jobId))!;
    expect(job.returnvalue).toMatchObject({ outcome: 'cancelled', cursor: null });
    expect(await countHandledSubjects(env.orm.em.fork(), jobId, 'order')).toBe(0);

    const [again, monitor] = await Promise.all([
      jobs('cancel', jobId),
      runCommand('monitor', ['--once', '--prefix', env.prefix], operatorEnv(env)),
    ]);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr.trim()).toBe(`jobs: job ${jobId} has completed; there is nothing to cancel`);
    expect(monitor.stdout.split('\n').find((line) => line.includes(` job=jobs/${jobId} `))).toContain('state=cancelled');
  });
});
