import { describe, expect, it } from 'vitest';
import { checkRedisAnswers as checkRedis } from '../../src/harness/operator/check-redis-answers.js';
import { resolveServers } from '../../src/cli/servers.js';
import { InvalidConnectionUrlError } from 'resumable-jobs/runtime';
import { openScenario } from '../support/scenario-environment.js';
import { runCaptured } from './support/run-captured.js';

/**
 * REDIS_URL and DATABASE_URL as people mistype them. Before, `redis://…/abc` printed "Redis
 * reachable" and then a stack trace, `/99` reported success and silently used database 0, and a bad
 * port said only "Invalid URL". Now: one line naming the variable and what to fix, exit code 2 for
 * a malformed URL, the password never shown.
 */
describe('the CLI given a malformed REDIS_URL or DATABASE_URL', () => {
  const databaseUrl = 'postgres://postgres@127.0.0.1:5432/resumable_jobs';

  it('npm run setup with REDIS_URL=redis://…/abc: one line naming REDIS_URL, exit 2, no stack trace, no password', async () => {
    const run = await runCaptured('src/cli/setup.ts', { REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:6379/abc', DATABASE_URL: databaseUrl });
    expect(run.code).toBe(2);
    expect(run.lines).toEqual([expect.stringContaining('REDIS_URL "redis://:***@127.0.0.1:6379/abc" selects database "abc", which is not a number')]);
    expect(run.output).not.toContain('hunter2-secret');
    expect(run.output).not.toContain('Redis reachable');
  });

  it.each([
    ['REDIS_URL', 'redis://:hunter2-secret@127.0.0.1:99999', 'has port "99999", which is not a number from 1 to 65535'],
    ['REDIS_URL', 'http://:hunter2-secret@127.0.0.1:6379', 'has scheme "http:"'],
    ['DATABASE_URL', 'postgres://app:hunter2-secret@127.0.0.1:5432/', 'names no database'],
    ['DATABASE_URL', 'postgres://app:hunter2-secret@127.0.0.1:0x10/app', 'has port "0x10"'],
  ])('%s=%s: refused before anything connects, naming the variable and the problem', (variable, value, problem) => {
    const env = { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: databaseUrl, [variable]: value };
    let error: unknown;
    try {
      resolveServers(env);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidConnectionUrlError);
    const message = (error as Error).message;
    expect(message.startsWith(`${variable} `)).toBe(true);
    expect(message).toContain(problem);
    expect(message).not.toContain('hunter2-secret');
    expect(message).not.toContain('\n');
  });

  it('a database number the server does not have is a problem, not a silent database 0', async () => {
    const env = await openScenario('reliability-connection-urls');
    const base = env.redisUrl.replace(/\/\d*$/, '');
    expect(await checkRedis(`${base}/99`)).toContain('REDIS_URL selects database 99');
    expect(await checkRedis(`${base}/1`)).toBeUndefined();
  });
});
