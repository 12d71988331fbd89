import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { StackStartingError } from './errors.js';

/**
 * One `stack up` at a time per state file. Without it two commands started together each saw no
 * stack, each started one, and only the last recorded itself. The lock is a directory beside the
 * state file whose age is refreshed while its holder runs, so a lock left by a killed command is
 * taken over once stale (proper-lockfile); a live one is refused at once, never waited on blindly.
 */
export async function withStackStartLock<T>(stateFile: string, start: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(stateFile), { recursive: true });
  const lockFile = join(dirname(stateFile), 'up.lock');
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(stateFile, {
      lockfilePath: lockFile,
      realpath: false,
      stale: 20_000,
      retries: 0,
      // A compromised lock (the machine stalled past `stale`) only weakens the guard; the start goes on.
      onCompromised: () => undefined,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new StackStartingError(lockFile);
    throw error;
  }
  try {
    return await start();
  } finally {
    await release().catch(() => undefined);
  }
}
