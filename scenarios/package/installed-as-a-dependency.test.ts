import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumableJobsDefaults } from 'resumable-jobs/runtime';
import type { Runtime } from 'resumable-jobs/runtime';
import { engines } from '../demo/support/demo-harness.js';
import { engineProbes } from '../demo/support/engine-probes.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { discardPackedTarball, installConsumerProject, packPackage, type ConsumerProject, type PackedTarball } from './support/consumer-project.js';
import { startConsumerWorker, stopConsumerWorkers, type ServersEnv } from './support/consumer-worker.js';

/** What the application already had before it added the package, taken from this repository's install. */
const APP_DEPENDENCIES = ['bullmq', 'ioredis', 'pg', '@types/node', '@types/pg'];
const SHIPPED = ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'];
/** Never installed with the package: terminal UI, web server, ORM, fake data, pretty logs. */
const NOT_WANTED = ['ink', 'react', 'express', '@bull-board/api', '@faker-js/faker', '@mikro-orm/core', 'knex', 'pino-pretty'];
// Long enough that neither job finishes on the second worker before its SIGKILL (iteration runs ahead of continuable).
const COUNT = 1_500;
const PACE_MS = 10;
const jobIdOf = { continuable: 'stamp-continuable', iteration: 'stamp-iteration' } as const;
/**
 * What a SIGKILL may cost with default options: each item takes at least PACE_MS, and both engines
 * make progress durable once the default interval has passed, at the next item.
 */
const REDO_BOUND = Math.floor(resumableJobsDefaults.checkpointIntervalMs / PACE_MS) + 1;

type Engine = (typeof engines)[number];
interface Stamp {
  item: number;
  pid: number;
}

/**
 * A team adds the package to an application that already has bullmq, ioredis and pg: `npm pack`,
 * then the tarball installed into a project in the OS temp folder, offline, from the copies this
 * repository's own install resolved. Its jobs (one per engine, default options) are type-checked
 * under two module resolutions and run by plain `node` worker processes, which get a SIGTERM, a
 * restart, a SIGKILL and a restart. The rows the jobs wrote to their table say what happened.
 */
describe('the package, packed and installed into an application outside this repository', () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<undefined>;
  let tarball: PackedTarball;
  let project: ConsumerProject;
  let servers: ServersEnv;

  beforeAll(async () => {
    env = await openScenario('package-consumer');
    runtime = env.runtime({ services: undefined });
    servers = { REDIS_URL: env.redisUrl, DATABASE_URL: env.databaseUrl, JOBS_PREFIX: env.prefix };
    tarball = await packPackage();
    project = await installConsumerProject(tarball, APP_DEPENDENCIES);
  }, 600_000);
  afterAll(async () => {
    await stopConsumerWorkers();
    await project?.remove();
    await discardPackedTarball();
  });

  it('the tarball holds only dist, README.md, LICENSE, CHANGELOG.md and package.json', () => {
    expect(tarball.files.filter((file) => !file.startsWith('dist/') && !SHIPPED.includes(file))).toEqual([]);
    const entryPoints = ['runtime', 'continuable', 'iteration'].flatMap((entry) => [`dist/${entry}/index.js`, `dist/${entry}/index.d.ts`]);
    expect(tarball.files).toEqual(expect.arrayContaining([...entryPoints, ...SHIPPED]));
  });

  it("installs beside the application's bullmq and ioredis without a second copy of either, and without UI, web or ORM packages", async () => {
    expect(await project.copiesOf('bullmq')).toEqual([join(project.dir, 'node_modules/bullmq')]);
    expect(await project.copiesOf('ioredis')).toEqual([join(project.dir, 'node_modules/ioredis')]);
    for (const name of NOT_WANTED) expect({ name, copies: await project.copiesOf(name) }).toEqual({ name, copies: [] });
  });

  it('type-checks a job of each engine under moduleResolution nodenext and bundler', async () => {
    const [nodenext, bundler] = await Promise.all([project.typeCheck('tsconfig.nodenext.json'), project.typeCheck('tsconfig.bundler.json')]);
    expect({ nodenext, bundler }).toEqual({ nodenext: '', bundler: '' });
  }, 300_000);

  it('run by plain node: a SIGTERM loses nothing, a SIGKILL redoes no more than the default checkpoint interval allows', async () => {
    // Given both jobs running on a first worker process (nodenext emitted it to dist/),
    const first = startConsumerWorker(project.dir, servers, ['--enqueue', String(COUNT), '--pace', String(PACE_MS)]);
    await first.ready;
    await waitFor('both jobs to be 100 items in', () => countsBy(first.pid), (counts) => engines.every((e) => counts[e] >= 100), { timeoutMs: 60_000, intervalMs: 100 });

    // when a deploy sends SIGTERM: every job checkpoints and re-enqueues, everything closes, exit 0.
    first.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const closed = first.messages.find((message) => message.event === 'closed') as { outcome: string; jobs: { requeued: string[]; stillRunning: string[] } };
    expect(closed).toMatchObject({ outcome: 'closed', code: 0, jobs: { stillRunning: [] } });
    expect([...closed.jobs.requeued].sort()).toEqual(Object.values(jobIdOf).sort());
    const storedAtSigterm = await storedItems();
    for (const engine of engines) expect(storedAtSigterm[engine]).toBe(Math.max(...(await stampsOf(engine)).map((s) => s.item)));

    // A second worker resumes both; once each has run longer than one checkpoint interval, SIGKILL.
    const second = startConsumerWorker(project.dir, servers);
    await second.ready;
    await waitFor(
      `both jobs to do more than ${REDO_BOUND} items on the second worker`,
      () => countsBy(second.pid),
      (counts) => engines.every((e) => counts[e] > REDO_BOUND + 20),
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    second.kill('SIGKILL');
    expect(await second.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const storedAtKill = await storedItems();

    // A third worker's stalled check takes both jobs over within the default recovery window.
    const third = startConsumerWorker(project.dir, servers);
    await third.ready;
    // Deadline: the defaults' worst case plus room for a loaded machine's start-up, not a measurement.
    await waitFor('both jobs running again on the third worker', () => countsBy(third.pid), (counts) => engines.every((e) => counts[e] > 0), {
      timeoutMs: resumableJobsDefaults.worstCaseRecoveryMs + 20_000,
      intervalMs: 100,
    });
    for (const engine of engines) {
      await waitFor(`${engine} to complete`, async () => (await runtime.queue().getJob(jobIdOf[engine]))?.getState(), (state) => state === 'completed', { timeoutMs: 120_000, intervalMs: 200 });
    }
    third.kill('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });

    // What must hold, from the rows the jobs wrote:
    for (const engine of engines) {
      const stamps = await stampsOf(engine);
      const by = (pid: number) => stamps.filter((s) => s.pid === pid).map((s) => s.item);
      const timesDone = new Map<number, number>();
      for (const { item } of stamps) timesDone.set(item, (timesDone.get(item) ?? 0) + 1);
      const redone = [...timesDone].filter(([, n]) => n > 1).map(([item]) => item);
      const lastOfSecond = Math.max(...by(second.pid));
      expect({ engine, items: timesDone.size, atMostTwice: [...timesDone.values()].every((n) => n <= 2) }).toEqual({ engine, items: COUNT, atMostTwice: true });
      // across the SIGTERM every item exactly once: the second worker started right after the stored cursor;
      expect({ engine, firstWorker: by(first.pid).length, secondStartedAt: Math.min(...by(second.pid)) }).toEqual({ engine, firstWorker: storedAtSigterm[engine], secondStartedAt: storedAtSigterm[engine]! + 1 });
      // across the SIGKILL exactly the items after the last durable checkpoint were redone, within the bound.
      expect({ engine, redone, thirdStartedAt: Math.min(...by(third.pid)) }).toEqual({ engine, redone: range(storedAtKill[engine]! + 1, lastOfSecond), thirdStartedAt: storedAtKill[engine]! + 1 });
      expect(redone.length, `${engine}: items redone after the SIGKILL`).toBeLessThanOrEqual(REDO_BOUND);
    }
  }, 420_000);

  async function stampsOf(engine: Engine): Promise<Stamp[]> {
    return env.orm.em.fork().execute<Stamp[]>('select item, pid from consumer_stamps where job = ? order by item', [jobIdOf[engine]]);
  }

  async function countsBy(pid: number): Promise<Record<Engine, number>> {
    const rows = await env.orm.em
      .fork()
      .execute<{ job: string; n: number }[]>('select job, count(*)::int as n from consumer_stamps where pid = ? group by job', [pid])
      .catch(() => []); // the table appears once the first worker has started
    return Object.fromEntries(engines.map((engine) => [engine, rows.find((row) => row.job === jobIdOf[engine])?.n ?? 0])) as Record<Engine, number>;
  }

  /** The last item each job's durable checkpoint covers (iteration stores the 0-based index). */
  async function storedItems(): Promise<Record<Engine, number | undefined>> {
    const read = async (engine: Engine) => {
      const cursor = (await engineProbes[engine].storedCursor(runtime.redis, runtime.queue(), env.prefix, jobIdOf[engine])) as number | null | undefined;
      return typeof cursor === 'number' ? cursor + (engine === 'iteration' ? 1 : 0) : undefined;
    };
    return { continuable: await read('continuable'), iteration: await read('iteration') };
  }
});

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
