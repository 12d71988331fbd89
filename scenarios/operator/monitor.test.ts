import { Redis } from 'ioredis';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContinuableProgress } from 'resumable-jobs/continuable';
import { countHandledSubjects } from '../../src/domain/side-effect-ledger.js';
import { MonitorSource } from '../../src/harness/monitor/monitor-source.js';
import { MonitorView } from '../../src/harness/monitor/monitor-view.js';
import { readIterationProgress } from 'resumable-jobs/iteration';
import {
  ORDERS_PER_JOB,
  STOPPED_AFTER,
  runCommand,
  stoppedDemoJobs,
  type CliRun,
  type StoppedDemoJobs,
  type StoppedJob,
} from './support/stopped-demo-jobs.js';

describe('Monitor: a person watching two stopped jobs sees where each stands', () => {
  let given: StoppedDemoJobs;
  let redis: Redis;
  // The commands run as processes, all at once (each one's start-up is most of its time);
  // every argument mistake is covered in-process by src/cli/monitor-args.test.ts.
  let runs: Record<'once' | 'badInterval' | 'noRedis' | 'noServers', Promise<CliRun>>;
  beforeAll(async () => {
    given = await stoppedDemoJobs('monitor');
    redis = new Redis(given.env.redisUrl);
    const servers = { REDIS_URL: given.env.redisUrl, DATABASE_URL: given.env.databaseUrl };
    runs = {
      once: runCommand('src/cli/monitor.ts', ['--once', '--prefix', given.env.prefix], servers),
      badInterval: runCommand('src/cli/monitor.ts', ['--interval', 'soon']),
      noRedis: runCommand('src/cli/monitor.ts', ['--once'], { ...servers, REDIS_URL: 'redis://:secret@127.0.0.1:1' }),
      noServers: runCommand('src/cli/monitor.ts', ['--once'], { REDIS_URL: '', DATABASE_URL: '', STACK_STATE_FILE: '/nonexistent/state.json' }),
    };
  });
  afterAll(() => redis.quit());

  /** What Redis holds for the job, read with its engine's reader: the cursor a resume would start after. */
  async function storedCursor(job: StoppedJob): Promise<unknown> {
    if (job.engine === 'continuable') return readContinuableProgress((await given.runtime.queue().getJob(job.jobId))!).cursor;
    const address = { redis, prefix: given.env.prefix, queueName: given.runtime.defaultQueueName, jobId: job.jobId };
    return (await readIterationProgress(address)).cursor;
  }

  it('in a pipe, prints one plain line per job with engine, items done of total, cursor and stops, as the ledger and Redis hold them', async () => {
    const { stdout, stderr, code } = await runs.once;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/ queue jobs: waiting 0 · active 0 · delayed 2 · completed 0 · failed 0\n/);

    for (const job of given.jobs) {
      const line = stdout.split('\n').find((l) => l.includes(` job=jobs/${job.jobId} `));
      const done = await countHandledSubjects(given.env.orm.em.fork(), job.jobId, 'order');
      const cursor = await storedCursor(job);
      expect(done).toBe(STOPPED_AFTER);
      expect(cursor).toBe(job.orderIds[STOPPED_AFTER - 1]);
      expect(line).toContain(`engine=${job.engine} name=process-orders state=delayed done=${done}/${ORDERS_PER_JOB} percent=40%`);
      expect(line).toContain(`step=${job.engine === 'continuable' ? 'process' : '-'} cursor=${String(cursor)} interruptions=1`);
      expect(line).toContain(`cursor ${String(cursor)}`); // the stored checkpoint, read back from Redis
    }
  });

  it('in a terminal, the ink frame shows the same rows: engine, job, bar, done/total, cursor, stops', async () => {
    const source = new MonitorSource({ redis, orm: given.env.orm, prefix: given.env.prefix });
    const frame = await source.read();
    await source.close();
    const { lastFrame, unmount } = render(createElement(MonitorView, { frame, intervalMs: 1000, width: 100 }));
    const screen = lastFrame() ?? '';
    unmount();

    expect(screen).toContain('queue jobs: waiting 0 · active 0 · delayed 2');
    for (const job of given.jobs) {
      const row = screen.split('\n').find((l) => l.includes(`process-orders #${job.jobId} `));
      expect(row).toMatch(new RegExp(`^${job.engine} +process-orders #${job.jobId} +delayed +█+░+ +40% +${STOPPED_AFTER}/${ORDERS_PER_JOB} `));
      expect(row).toMatch(new RegExp(` ${String(await storedCursor(job))} +1 *$`));
    }
    expect(screen).toMatch(/continuable process-orders: job data continuation: at 'process' cursor \d+/);
  });

  it('answers bad arguments with one line and exit 2, and missing or unreachable servers with one line and exit 1', async () => {
    const [interval, noRedis, noServers] = await Promise.all([runs.badInterval, runs.noRedis, runs.noServers]);
    expect(interval).toMatchObject({ code: 2, stdout: '', stderr: 'monitor: --interval takes seconds, e.g. --interval 1 or 0.5, got "soon"\n' });
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toMatch(/^monitor: cannot reach Redis at [^\n]*127\.0\.0\.1:1 \([^\n]+\); start it [^\n]*\n$/);
    expect(noRedis.stderr).not.toContain('secret');
    expect(noServers.code).toBe(1);
    expect(noServers.stderr).toMatch(/^monitor: no servers: REDIS_URL and DATABASE_URL not set and no stack recorded; run `npm run stack -- up`[^\n]*\n$/);
  });
});
