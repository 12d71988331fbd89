import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findLocalBinaries } from '../local/find-local-binaries.js';
import { isProcessRunning, waitForProcessesGone } from './process-liveness.js';
import type { GuardedProcess, StackEndpoints } from '../types.js';

const HOLD_STACK = fileURLToPath(new URL('./hold-stack.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface HeldStack {
  endpoints: StackEndpoints;
  processes: GuardedProcess[];
  dir: string;
}

describe.skipIf(!findLocalBinaries().available)('a test run killed with SIGKILL', () => {
  it('takes the local servers it started down with it, and their folder', async () => {
    const holder = spawn(process.execPath, ['--import', 'tsx', HOLD_STACK], {
      cwd: REPO_ROOT,
      env: { ...process.env, STACK: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    holder.stderr!.on('data', (chunk) => (stderr += chunk));
    const held = await new Promise<HeldStack>((resolve, reject) => {
      createInterface({ input: holder.stdout! }).once('line', (line) => resolve(JSON.parse(line) as HeldStack));
      holder.once('exit', (code) => reject(new Error(`hold-stack exited (${code}) before starting:\n${stderr}`)));
    });
    const pids = held.processes.flatMap((p) => [p.pid, p.supervisorPid]);
    expect(held.processes.map((p) => p.name)).toEqual(['redis-server', 'postgres']);
    expect(pids.every(isProcessRunning)).toBe(true);

    const killedAt = Date.now();
    holder.kill('SIGKILL');
    const stillRunning = await waitForProcessesGone(pids, 15_000);
    const tookMs = Date.now() - killedAt;

    expect(stillRunning, `still running ${tookMs} ms after the SIGKILL`).toEqual([]);
    expect(existsSync(held.dir)).toBe(false);
  });
});
