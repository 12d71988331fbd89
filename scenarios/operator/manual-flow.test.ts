import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointStore } from 'resumable-jobs/iteration';
import { countHandledSubjects } from '../../src/domain/side-effect-ledger.js';
import type { Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { expectEveryItemOnceResumedAfter, readJobLedger } from './support/ledger-checks.js';
import { enqueuedIds, operatorEnv, runCommand, startCommand, type RunningCommand } from './support/operator-commands.js';

/**
 * The plan's manual flow, three terminals' worth of commands run as processes: a worker, and the
 * jobs control command to enqueue, interrupt at an item, inspect the checkpoint and resume. The
 * worker is stopped by a real SIGTERM mid-job and says what it checkpointed; a new worker resumes.
 */
describe('the manual flow: npm run worker and npm run jobs', { timeout: 180_000 }, () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<unknown>;
  const workers: RunningCommand[] = [];
  beforeAll(async () => {
    env = await openScenario('operator-manual-flow');
    runtime = env.runtime<unknown>({ services: {} });
  });
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await env?.close();
  });
  const jobs = (...args: string[]) => runCommand('jobs', args, operatorEnv(env));
  const state = async (jobId: string) => (await runtime.queue().getJob(jobId))!.getState();
  const startWorker = async () => {
    const worker = startCommand('worker', ['--delay-ms', '10'], operatorEnv(env));
    workers.push(worker);
    await worker.waitForLine(/"event":"ready"/);
    return worker;
  };

  it('enqueue, interrupt --at, SIGTERM the worker, checkpoint shows what Redis holds, resume completes both jobs', async () => {
    // Given an iteration job flagged to stop at order 40 and a continuable job, both waiting.
    const [iterationAdded, continuableAdded] = await Promise.all([
      jobs('enqueue', 'orders', '--engine', 'iteration', '--profile', 'quick'),
      jobs('enqueue', 'orders', '--engine', 'continuable', '--profile', 'quick'),
    ]);
    const [iterationId] = enqueuedIds(iterationAdded.stdout);
    const [continuableId] = enqueuedIds(continuableAdded.stdout);
    expect(iterationAdded.code).toBe(0);
    const flagged = await jobs('interrupt', iterationId!, '--at', '40');
    expect(flagged).toMatchObject({ code: 0, stderr: '' });
    expect(flagged.stdout).toMatch(/stop at order 40 \(cursor \d+\)/);

    // A worker runs both: the iteration job stops at order 40 by itself.
    const first = await startWorker();
    await waitFor('the flagged job to stop', () => state(iterationId!), (s) => s === 'delayed');
    await waitFor('the continuable job to be under way', () => countHandledSubjects(env.orm.em.fork(), continuableId!, 'order'), (n) => n >= 10);

    // SIGTERM: the worker checkpoints the running job, says so, and exits 0.
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const stopped = JSON.parse(first.output().trim().split('\n').at(-1)!) as { event: string; checkpointed: string[] };
    expect(stopped.event).toBe('stopped');
    expect(stopped.checkpointed.join(' ')).toContain(continuableId!);
    expect(await state(continuableId!)).toBe('delayed');

    // checkpoint prints what Redis holds: the iteration hash, the continuation in the job data.
    const hash = await new CheckpointStore(runtime.redis, CheckpointStore.keyFor(env.prefix, 'jobs', iterationId!), 60_000).read();
    const continuation = ((await runtime.queue().getJob(continuableId!))!.data as { continuation: { current: [string, number] } }).continuation;
    const [iterationCheckpoint, continuableCheckpoint] = await Promise.all([jobs('checkpoint', iterationId!), jobs('checkpoint', continuableId!)]);
    expect(iterationCheckpoint.stdout).toContain(`cursor:          ${hash!.cursor} = order 40 of 100 orders done; resumes at order 41`);
    expect(iterationCheckpoint.stdout).toMatch(/executions:\s+1\s+interruptions: 1/);
    expect(continuableCheckpoint.stdout).toContain(`current step:    ${continuation.current[0]}`);
    expect(continuableCheckpoint.stdout).toContain(`cursor:          ${continuation.current[1]} = order `);
    expect(continuableCheckpoint.stdout).toContain('completed steps: (none)');

    // resume: both run now on a new worker, to the end.
    const resumed = await Promise.all([jobs('resume', iterationId!), jobs('resume', continuableId!)]);
    for (const result of resumed) expect(result.stdout).toContain('moved from delayed to waiting');
    const second = await startWorker();
    for (const jobId of [iterationId!, continuableId!]) await waitFor(`${jobId} to complete`, () => state(jobId), (s) => s === 'completed', { timeoutMs: 60_000 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    expectEveryItemOnceResumedAfter(await readJobLedger(env.orm, runtime, iterationId!), 40);
    expectEveryItemOnceResumedAfter(await readJobLedger(env.orm, runtime, continuableId!), 'any');
    const status = await jobs('status');
    expect(status.stdout).toMatch(new RegExp(`^${iterationId}\\s+iteration\\s+orders\\s+completed\\s+100/100 orders \\(100%\\)`, 'm'));
  });

  it('seed --with-interrupted leaves one job per engine stopped at order 30 with a real checkpoint', async () => {
    const seeded = await runCommand('seed', ['--profile', 'quick', '--with-interrupted'], operatorEnv(env));
    expect(seeded).toMatchObject({ code: 0, stderr: '' });
    const ids = [...seeded.stdout.matchAll(/^seed: (\S+) stopped at order 30/gm)].map((match) => match[1]!);
    expect(ids).toHaveLength(2);
    const [continuableId, iterationId] = ids.sort();
    for (const jobId of ids) expect(await state(jobId)).toBe('delayed');
    const continuableLedger = await readJobLedger(env.orm, runtime, continuableId!);
    const continuation = ((await runtime.queue().getJob(continuableId!))!.data as { continuation: { current: [string, number] } }).continuation;
    expect(continuation.current).toEqual(['process', continuableLedger.subjectIds[29]]);
    const iterationLedger = await readJobLedger(env.orm, runtime, iterationId!);
    const hash = await new CheckpointStore(runtime.redis, CheckpointStore.keyFor(env.prefix, 'jobs', iterationId!), 60_000).read();
    expect(hash?.cursor).toBe(iterationLedger.subjectIds[29]);
  });

  it('bad arguments exit 2, an unknown job id and missing servers exit 1, each with one line', async () => {
    const noServers = operatorEnv(undefined);
    const [unknown, badCommand, badEngine, badAt, stackTypo, missing] = await Promise.all([
      jobs('checkpoint', 'no-such-job'),
      runCommand('jobs', ['frobnicate'], noServers),
      runCommand('demo', ['orders', '--engine', 'sidekiq'], noServers),
      runCommand('demo', ['orders', '--interrupt', 'flag', '--at', '5000'], noServers),
      runCommand('stack', ['upp'], noServers),
      runCommand('jobs', ['status'], noServers),
    ]);
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'jobs: no job "no-such-job" in the demo queue; npm run jobs -- list shows the jobs there are\n' });
    expect(badCommand.code).toBe(2);
    expect(badCommand.stderr).toMatch(/^jobs: unknown command "frobnicate"; use enqueue\|interrupt\|cancel\|checkpoint\|resume\|status\|list; usage: [^\n]+\n$/);
    expect(badEngine).toMatchObject({ code: 2, stderr: 'demo: unknown engine "sidekiq"; use --engine continuable|iteration|both\n' });
    expect(badAt).toMatchObject({ code: 2, stderr: 'demo: --at must be from 1 to 999: the orders job has 1000 orders in profile demo\n' });
    expect(stackTypo.code).toBe(2);
    expect(stackTypo.stderr).toMatch(/^stack: unknown command "upp"; use up\|down\|status; usage: [^\n]+\n$/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^jobs: no servers: REDIS_URL and DATABASE_URL not set and no stack recorded; run `npm run stack -- up` \(or `npm run demo`[^\n]+\n$/);
  });
});
