import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startContainerReaper } from './container-reaper.js';

const REAPER_SCRIPT = fileURLToPath(new URL('../guard/container-reaper.mjs', import.meta.url));
const LABEL = { key: 'resumable-jobs.stack-session', value: 'run-1' };

/** A stand-in for the Docker engine API: two containers carry our label; it records what is removed. */
function fakeDockerEngine(socketPath: string) {
  const removed: string[] = [];
  const listFilters: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://docker');
    if (request.method === 'GET' && url.pathname === '/containers/json') {
      listFilters.push(url.searchParams.get('filters')!);
      const ours = url.searchParams.get('filters')!.includes(`${LABEL.key}=${LABEL.value}`);
      response.end(JSON.stringify(ours ? [{ Id: 'redis-c' }, { Id: 'postgres-c' }] : []));
    } else if (request.method === 'DELETE' && url.pathname.startsWith('/containers/')) {
      removed.push(`${url.pathname.split('/')[2]}${url.searchParams.get('force') === 'true' ? '' : ' (not forced)'}`);
      response.statusCode = 204;
      response.end();
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  return {
    removed,
    listFilters,
    listen: () => new Promise<void>((resolve) => server.listen(socketPath, resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(condition: () => boolean, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('the container reaper (our stand-in for Ryuk)', () => {
  let dir: string;
  let engine: ReturnType<typeof fakeDockerEngine>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rj-reaper-'));
    engine = fakeDockerEngine(join(dir, 'docker.sock'));
    await engine.listen();
  });
  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('removes the containers carrying this run’s label when the run stops normally', async () => {
    const reaper = await startContainerReaper({ socketPath: join(dir, 'docker.sock') }, LABEL);
    expect(reaper).toBeDefined();
    await reaper!.release();
    expect(engine.listFilters).toEqual([JSON.stringify({ label: [`${LABEL.key}=${LABEL.value}`] })]);
    expect(engine.removed.sort()).toEqual(['postgres-c', 'redis-c']);
  });

  it('removes them when the process that started them is SIGKILLed', async () => {
    // A plain node parent that starts the reaper for itself, then waits to be killed.
    const config = JSON.stringify({
      label: `${LABEL.key}=${LABEL.value}`,
      docker: { socketPath: join(dir, 'docker.sock') },
    });
    const parentScript = `
      const { spawn } = require('node:child_process');
      const config = { ...JSON.parse(process.argv[1]), parentPid: process.pid };
      const reaper = spawn(process.execPath, [process.argv[2], JSON.stringify(config)],
        { stdio: ['pipe', 'ignore', 'inherit', 'pipe'], detached: true });
      reaper.stdio[3].once('data', () => console.log('watching'));
      setInterval(() => {}, 1 << 30);`;
    const parent = spawn(process.execPath, ['-e', parentScript, config, REAPER_SCRIPT], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => parent.stdout!.once('data', resolve));
    expect(engine.removed).toEqual([]);

    parent.kill('SIGKILL');
    await until(() => engine.removed.length === 2, 10_000);
    expect(engine.removed.sort()).toEqual(['postgres-c', 'redis-c']);
  });

  it('declines an engine reached over ssh, leaving removal to the normal stop', async () => {
    expect(await startContainerReaper({ protocol: 'ssh', host: 'remote' }, LABEL)).toBeUndefined();
  });
});
