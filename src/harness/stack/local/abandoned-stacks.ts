import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessRunning, isProcessRunningIn } from '../guard/process-liveness.js';

const STACK_DIR_PREFIX = 'rj-stack-';

/**
 * The mkdtemp prefix of a local stack's folder: it carries the owning process's pid, so the owner
 * is known from the moment the folder exists, with no marker file to keep the folder non-empty.
 */
export function stackDirPrefix(ownerPid = process.pid): string {
  return `${STACK_DIR_PREFIX}${ownerPid}-`;
}

/**
 * Second line of defence behind the guard processes: removes local stack folders whose owning
 * process is gone, after killing any server still running in them. They exist only if the run
 * died during initdb (before a guard ran) or a guard itself was SIGKILLed. A server counts as ours
 * only if its working directory is inside the folder, so a recycled pid is never touched.
 * Returns how many folders it removed.
 */
export function sweepAbandonedStacks(root = tmpdir()): number {
  let swept = 0;
  for (const name of safeReaddir(root)) {
    const owner = /^rj-stack-(\d+)-/.exec(name)?.[1];
    if (!owner || isProcessRunning(Number(owner))) continue;
    const dir = join(root, name);
    for (const pid of serverPids(dir).filter((pid) => isProcessRunningIn(pid, dir))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already, or not ours to kill
      }
    }
    try {
      rmSync(dir, { recursive: true, force: true });
      swept += 1;
    } catch {
      // another user's folder: not ours to remove
    }
  }
  return swept;
}

/** postgres writes its pid as the first line of postmaster.pid; redis-server writes the pidfile we ask for. */
function serverPids(dir: string): number[] {
  return [join(dir, 'postgres', 'data', 'postmaster.pid'), join(dir, 'redis', 'redis.pid')]
    .map((file) => {
      try {
        return Number(readFileSync(file, 'utf8').split('\n')[0]);
      } catch {
        return NaN;
      }
    })
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
