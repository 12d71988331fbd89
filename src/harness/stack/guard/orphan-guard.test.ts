import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import '../isolation/provided-context.js';
import { isProcessRunning, waitForProcessesGone } from './process-liveness.js';
import type { GuardedProcess, StackEndpoints } from '../types.js';

const HOLD_STACK = fileURLToPath(new URL('./hold-stack.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface HeldStack {
  endpoints: StackEndpoints;
  processes: GuardedProcess[];
  dir?: string;
}

/** Starts a stack of this run's kind in a separate process that holds it, as a test run would. */
async function holdStack(): Promise<{ held: HeldStack; kill: () => void }> {
  const holder = spawn(process.execPath, ['--import', 'tsx', HOLD_STACK], {
    cwd: REPO_ROOT,
    env: { ...process.env, STACK: inject('stack').mode },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  holder.stderr!.on('data', (chunk) => (stderr += chunk));
  const held = await new Promise<HeldStack>((resolve, reject) => {
    createInterface({ input: holder.stdout! }).once('line', (line) => resolve(JSON.parse(line) as HeldStack));
    holder.once('exit', (code) => reject(new Error(`hold-stack exited (${code}) before starting:\n${stderr}`)));
  });
  return { held, kill: () => holder.kill('SIGKILL') };
}

/** Whether a Redis server answers at `url` right now. */
async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function until(condition: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The guard under test is the one for the kind of stack this run uses (STACK or the provider's choice).
describe(`a test run killed with SIGKILL, on this run's stack (${inject('stack').mode})`, () => {
  it('takes the servers it started down with it, and leaves servers it did not start alone', async () => {
    const mode = inject('stack').mode;
    const { held, kill } = await holdStack();
    const pids = held.processes.flatMap((p) => [p.pid, p.supervisorPid]);
    if (mode === 'local') {
      expect(held.processes.map((p) => p.name)).toEqual(['redis-server', 'postgres']);
      expect(pids.every(isProcessRunning)).toBe(true);
    } else if (mode === 'external') {
      expect(held.processes).toEqual([]);
    }
    expect(await answers(held.endpoints.redisUrl)).toBe(true);

    const killedAt = Date.now();
    kill();

    if (mode === 'external') {
      // Your own servers: nothing was started, nothing is taken down.
      expect(await answers(held.endpoints.redisUrl)).toBe(true);
      return;
    }
    const stillRunning = await waitForProcessesGone(pids, 15_000);
    expect(stillRunning, `still running ${Date.now() - killedAt} ms after the SIGKILL`).toEqual([]);
    // Local servers die with their supervisors; containers are removed by the container reaper.
    expect(await until(async () => !(await answers(held.endpoints.redisUrl)), 60_000), 'the Redis it started still answers').toBe(true);
    if (held.dir) expect(existsSync(held.dir)).toBe(false);
  });
});
