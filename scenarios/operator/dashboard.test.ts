import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/harness/stack/local/free-port.js';
import { runCommand, stoppedDemoJobs, STOPPED_AFTER, type StoppedDemoJobs } from './support/stopped-demo-jobs.js';
import { waitFor } from '../support/wait-for.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

interface BoardJob {
  id: string;
  name: string;
  progress: Record<string, unknown>;
}

describe('Dashboard: bull-board in a browser shows the demo queue and the progress the engines publish', () => {
  let given: StoppedDemoJobs;
  beforeAll(async () => {
    given = await stoppedDemoJobs('dashboard');
  });

  it('serves /api/queues on 127.0.0.1 with each job\'s published progress; a second board on the same port exits 1 in one line', async () => {
    const port = await findFreePort();
    const env = { ...process.env, REDIS_URL: given.env.redisUrl };
    const args = ['src/cli/dashboard.ts', '--port', String(port), '--prefix', given.env.prefix];
    const board = spawn(tsx, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    given.env.onClose(async () => {
      if (board.exitCode === null) board.kill('SIGKILL');
    });
    let stdout = '';
    board.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await waitFor('the board to print its URL', () => stdout, (out) => out.includes('\n'), { timeoutMs: 60_000 });
    expect(stdout).toBe(`bull-board: http://127.0.0.1:${port}/ (prefix ${given.env.prefix}, queues jobs; read-only, no auth; Ctrl-C to stop)\n`);

    const response = await fetch(`http://127.0.0.1:${port}/api/queues?activeQueue=jobs&status=delayed&page=1`);
    const body = (await response.json()) as { queues: { name: string; counts: Record<string, number>; jobs: BoardJob[] }[] };
    expect(body.queues.map((queue) => queue.name)).toEqual(['jobs']);
    const queue = body.queues[0]!;
    expect(queue.counts.delayed).toBe(2);
    for (const job of given.jobs) {
      const shown = queue.jobs.find((j) => j.id === job.jobId);
      expect(shown?.progress).toMatchObject({
        engine: job.engine,
        items: STOPPED_AFTER,
        cursor: job.orderIds[STOPPED_AFTER - 1],
        interruptions: 1,
        state: 'interrupted',
      });
    }

    const second = await runCommand('src/cli/dashboard.ts', ['--port', String(port)], { REDIS_URL: given.env.redisUrl });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`^dashboard: port ${port} on 127\\.0\\.0\\.1 is taken; choose another with --port N[^\\n]*\\n$`));

    board.kill('SIGTERM');
    const [code] = (await once(board, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

});
