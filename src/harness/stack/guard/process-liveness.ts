import { readFileSync, readlinkSync } from 'node:fs';

/**
 * Whether a process still runs. A zombie (exited, not yet reaped: common in containers whose
 * init does not reap) counts as gone, since it holds no port and runs no code.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ...": the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Polls until none of `pids` runs; resolves with those still running when the deadline passes. */
export async function waitForProcessesGone(pids: number[], deadlineMs: number): Promise<number[]> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const running = pids.filter(isProcessRunning);
    if (running.length === 0 || Date.now() >= until) return running;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Whether `pid` runs with its working directory inside `dir`: how we tell our own server from a
 * process that merely inherited a recycled pid (servers run with their folder as cwd).
 */
export function isProcessRunningIn(pid: number, dir: string): boolean {
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return (cwd === dir || cwd.startsWith(`${dir}/`)) && isProcessRunning(pid);
  } catch {
    return false;
  }
}
