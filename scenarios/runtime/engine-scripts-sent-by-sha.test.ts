import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import type { Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';

const ITEMS = 20;
const JOBS = 4;
/** Begin (read), flush at the stop, begin again (read, then count), delete at completion. */
const SCRIPT_CALLS_PER_JOB = 5;

const done = new Map<string, number[]>();

class CountItems extends IterationJob<Record<string, never>, number, number> {
  static jobName = 'by-sha.count-items';
  static override retryBackoffMs: number | undefined = 0;
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(ITEMS, { cursor });
  }
  eachIteration(item: number): void {
    const id = String(this.context.job.id);
    done.set(id, [...(done.get(id) ?? []), item]);
  }
}

/**
 * Every iteration job runs a few Lua scripts on its checkpoint hash (begin, flush, delete). With many
 * jobs at once, sending each script's text at every call costs every call the bytes and Redis a hash
 * of the text: they go by SHA (EVALSHA), the text only once per connection (and again after a
 * reconnection, or a NOSCRIPT reply).
 */
describe("the engines' Lua scripts, many jobs", () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<undefined>;
  beforeAll(async () => {
    env = await openScenario('engine-scripts-by-sha');
    runtime = env.runtime<undefined>({ services: undefined }).register(CountItems);
  });
  afterAll(() => env?.close());

  /** Runs JOBS jobs at once, each stopped at cursor 9 by a flag and resumed; checks every item ran once. */
  const runWave = async () => {
    const jobs = await Promise.all(Array.from({ length: JOBS }, () => runtime.enqueue(CountItems, {})));
    for (const job of jobs) await runtime.flags.set(runtime.defaultQueueName, job.id!, { kind: 'at-cursor', cursor: 9 });
    const worker = runtime.startWorker({ concurrency: JOBS });
    await waitFor('every job completed', () => Promise.all(jobs.map((job) => job.getState())), (states) => states.every((state) => state === 'completed'), { timeoutMs: 30_000 });
    await worker.close();
    for (const job of jobs) expect(done.get(String(job.id)), `job ${job.id}`).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
    const attempts = await Promise.all(jobs.map(async (job) => (await runtime.queue().getJob(job.id!))!.attemptsStarted));
    expect(attempts).toEqual(jobs.map(() => 2));
  };

  /** The engine's script commands on the checkpoint hashes, and how each was sent (the name it was written with). */
  const scriptCommands = (calls: unknown[][]) =>
    calls.map(([command]) => command as { name: string; args: unknown[] }).filter((command) => /^eval(sha)?$/.test(command.name) && command.args.some((arg) => String(arg).includes(':iteration:')));

  it('sends them by SHA once the connection has sent their text, and every job still resumes where it stopped', async () => {
    // The first jobs may be the first on this connection to run each script: those calls send its text.
    await runWave();

    const sent = vi.spyOn(runtime.redis, 'sendCommand');
    await runWave();
    const commands = scriptCommands(sent.mock.calls);
    expect(commands).toHaveLength(JOBS * SCRIPT_CALLS_PER_JOB);
    expect(commands.filter((command) => command.name !== 'evalsha')).toEqual([]);
    sent.mockRestore();
  });
});
