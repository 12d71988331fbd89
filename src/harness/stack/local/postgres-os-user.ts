import { execFileSync } from 'node:child_process';
import { MissingPostgresOsUserError } from '../errors.js';

export interface OsUser {
  uid: number;
  gid: number;
}

/**
 * The user to run initdb and postgres as: the `postgres` OS user when we are root (both refuse to
 * run as root), nobody (ourselves) otherwise.
 */
export function postgresOsUserIfRoot(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch (error) {
    throw new MissingPostgresOsUserError((error as { stderr?: string }).stderr || error);
  }
}
