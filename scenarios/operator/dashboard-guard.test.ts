import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/harness/stack/local/free-port.js';
import { stoppedDemoJobs, type StoppedDemoJobs } from './support/stopped-demo-jobs.js';
import { waitFor } from '../support/wait-for.js';

/**
 * A web page the operator has open must not change the queues through the dashboard. Before, any
 * page could: a cross-origin POST .../add added a job, a PUT .../clean under `Host: evil.example`
 * (DNS rebinding) removed jobs. Each request below is sent as raw HTTP, with the headers a browser
 * would send, and the queue is read back from Redis after it.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

interface Reply {
  status: number;
  body: string;
}

/** One HTTP request to the board on 127.0.0.1, with exactly the headers given (Host included). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Dashboard: read-only by default, and only for pages of its own', () => {
  let given: StoppedDemoJobs;
  beforeAll(async () => {
    given = await stoppedDemoJobs('dashboard-guard');
  });

  /** Starts `npm run dashboard` with `args` and `env`; resolves with its port and its first line. */
  async function startBoard(args: string[], env: Record<string, string> = {}): Promise<{ port: number; board: ChildProcess; output: () => string }> {
    const port = await findFreePort();
    const board = spawn(tsx, ['src/cli/dashboard.ts', '--port', String(port), '--prefix', given.env.prefix, ...args], {
      cwd: root,
      env: { ...process.env, REDIS_URL: given.env.redisUrl, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    given.env.onClose(async () => {
      if (board.exitCode === null) board.kill('SIGKILL');
    });
    let output = '';
    board.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    board.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor('the board to print its URL', () => output, (out) => out.includes('\n'), { timeoutMs: 60_000 });
    return { port, board, output: () => output };
  }

  async function stop(board: ChildProcess): Promise<void> {
    board.kill('SIGTERM');
    const [code] = (await once(board, 'exit')) as [number | null];
    expect(code).toBe(0);
  }

  /** What Redis holds for the queue: every job id by state, and the first stopped job's data. */
  async function queueInRedis() {
    const queue = given.runtime.queue();
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
    const first = await queue.getJob(given.jobs[0]!.jobId);
    return { ids: jobs.map((job) => String(job.id)).sort(), firstData: first?.data as unknown };
  }

  it('by default refuses every write (cross-origin, rebinding Host, or its own page alike) and Redis is unchanged', async () => {
    const { port, board, output } = await startBoard([]);
    const before = await queueInRedis();
    expect(before.ids).toEqual(given.jobs.map((job) => job.jobId).sort());
    const own = { host: `127.0.0.1:${port}` };
    const jobId = given.jobs[0]!.jobId;
    const attempts: [string, string, Record<string, string>, string?][] = [
      // A page of another site posts a job (text/plain needs no preflight).
      ['POST', '/api/queues/jobs/add', { ...own, origin: 'http://evil.example', 'content-type': 'text/plain' }, '{"name":"x","data":{}}'],
      // A rebinding page: its own name in Host, no Origin needed for a same-origin request.
      ['PUT', `/api/queues/jobs/${jobId}/clean`, { host: `evil.example:${port}` }],
      // The board's own page: still read-only.
      ['PUT', '/api/queues/jobs/clean/delayed', { ...own, origin: `http://127.0.0.1:${port}` }],
      ['PUT', '/api/queues/jobs/obliterate', own],
      ['PUT', '/api/queues/jobs/empty', own],
      ['PATCH', `/api/queues/jobs/${jobId}/update-data`, { ...own, 'content-type': 'application/json' }, '{"jobData":{"args":{}}}'],
      ['PUT', `/api/queues/jobs/${jobId}/promote`, own],
    ];
    for (const [method, path, headers, body] of attempts) {
      const reply = await send(port, method, path, headers, body);
      expect([403, 421], `${method} ${path} ${JSON.stringify(headers)} -> ${reply.status} ${reply.body}`).toContain(reply.status);
      expect(await queueInRedis(), `${method} ${path}`).toEqual(before);
    }
    // Reading still works for the board's own page, and not for a rebinding one.
    expect((await send(port, 'GET', '/api/queues?activeQueue=jobs&status=delayed&page=1', own)).status).toBe(200);
    expect((await send(port, 'GET', '/api/queues', { host: `evil.example:${port}` })).status).toBe(421);
    // The page's own view of its queues says read-only too (no buttons to press).
    const view = JSON.parse((await send(port, 'GET', '/api/queues?activeQueue=jobs&status=delayed&page=1', own)).body) as { queues: { readOnlyMode: boolean }[] };
    expect(view.queues.map((queue) => queue.readOnlyMode)).toEqual([true]);
    expect(output()).toContain('read-only, no auth');
    await stop(board);
  });

  it('with --allow-writes and basic auth: its own page with the credentials may add a job; no credentials, a foreign Origin or Host may not', async () => {
    const user = 'operator';
    const password = `pw-${randomBytes(9).toString('hex')}`;
    const { port, board, output } = await startBoard(['--allow-writes'], { DASHBOARD_USER: user, DASHBOARD_PASSWORD: password });
    expect(output()).toContain('writes allowed, basic auth from DASHBOARD_USER/DASHBOARD_PASSWORD');
    const before = await queueInRedis();
    const auth = { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
    const own = { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' };
    const add = (headers: Record<string, string>, name: string) =>
      send(port, 'POST', '/api/queues/jobs/add', headers, JSON.stringify({ name, data: { args: {} }, options: { delay: 3_600_000 } }));

    const noCredentials = await add(own, 'no-credentials');
    expect(noCredentials.status).toBe(401);
    const wrongPassword = await add({ ...own, authorization: `Basic ${Buffer.from(`${user}:wrong`).toString('base64')}` }, 'wrong-password');
    expect(wrongPassword.status).toBe(401);
    expect((await add({ ...own, ...auth, origin: 'http://evil.example' }, 'foreign-origin')).status).toBe(403);
    expect((await add({ ...own, ...auth, host: `evil.example:${port}` }, 'foreign-host')).status).toBe(421);
    expect(await queueInRedis()).toEqual(before);

    const allowed = await add({ ...own, ...auth }, 'allowed');
    expect(allowed.status, allowed.body).toBe(200);
    const after = await queueInRedis();
    expect(after.ids).toHaveLength(before.ids.length + 1);
    const added = (await given.runtime.queue().getJobs(['delayed'])).filter((job) => job.name === 'allowed');
    expect(added).toHaveLength(1);
    await added[0]!.remove();

    await stop(board);
    expect(output()).not.toContain(password);
  });

  it('one of DASHBOARD_USER and DASHBOARD_PASSWORD without the other is a usage error (exit 2, one line, no secret)', async () => {
    const port = await findFreePort();
    const secret = `pw-${randomBytes(9).toString('hex')}`;
    const child = spawn(tsx, ['src/cli/dashboard.ts', '--port', String(port)], {
      cwd: root,
      env: { ...process.env, REDIS_URL: given.env.redisUrl, DASHBOARD_PASSWORD: secret, DASHBOARD_USER: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(output).toBe('dashboard: set both DASHBOARD_USER and DASHBOARD_PASSWORD for basic auth, or neither\n');
  });
});
