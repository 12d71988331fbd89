import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepAbandonedStacks } from './abandoned-stacks.js';
import { waitForProcessesGone } from '../guard/process-liveness.js';

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('sweeping stack folders left by runs that died before their guards could clean up', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rj-sweep-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function stackDir(ownerPid: number): string {
    const dir = mkdtempSync(join(root, `rj-stack-${ownerPid}-`));
    mkdirSync(join(dir, 'redis'));
    return dir;
  }

  it('kills a server still running in a dead owner’s folder and removes the folder', async () => {
    const dir = stackDir(deadPid());
    const leftover = spawn('sleep', ['60'], { cwd: join(dir, 'redis'), stdio: 'ignore' });
    writeFileSync(join(dir, 'redis', 'redis.pid'), `${leftover.pid}\n`);

    expect(sweepAbandonedStacks(root)).toBe(1);
    expect(await waitForProcessesGone([leftover.pid!], 5_000)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('never touches a process whose pid merely matches (it runs elsewhere)', async () => {
    const dir = stackDir(deadPid());
    const unrelated = spawn('sleep', ['60'], { cwd: root, stdio: 'ignore' });
    writeFileSync(join(dir, 'redis', 'redis.pid'), `${unrelated.pid}\n`);
    try {
      expect(sweepAbandonedStacks(root)).toBe(1);
      expect(unrelated.exitCode).toBeNull();
      expect(await waitForProcessesGone([unrelated.pid!], 200)).toEqual([unrelated.pid]);
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  it('leaves folders of live runs, and folders it cannot attribute, alone', () => {
    const live = stackDir(process.pid);
    const unattributed = mkdtempSync(join(root, 'rj-stack-'));
    expect(sweepAbandonedStacks(root)).toBe(0);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unattributed)).toBe(true);
  });
});
