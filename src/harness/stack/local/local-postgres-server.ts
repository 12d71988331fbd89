import { execFile } from 'node:child_process';
import { chown, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalServerStartError } from '../errors.js';
import type { OsUser } from './postgres-os-user.js';
import { startSupervisedServer, type SupervisedServer } from '../guard/supervised-server.js';

const execFileAsync = promisify(execFile);

export interface LocalPostgresServer {
  /** Superuser `postgres` on the maintenance database; trust auth, so no password. */
  adminUrl: string;
  port: number;
  process: SupervisedServer;
}

export interface LocalPostgresOptions {
  initdb: string;
  postgres: string;
  port: number;
  /** Holds data/ and socket/; removed when the server stops (or when the process that started it dies). */
  dir: string;
  /** Run initdb and postgres as this user (needed when we are root). */
  user?: OsUser | undefined;
}

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1:port. Durability is switched off (fsync,
 * synchronous_commit, full_page_writes): the data lives for one test run, so speed wins.
 */
export async function startLocalPostgresServer(options: LocalPostgresOptions): Promise<LocalPostgresServer> {
  const { dir, user } = options;
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  await rm(dir, { recursive: true, force: true }); // a retry on another port starts from scratch
  await mkdir(socketDir, { recursive: true });
  if (user) {
    await chown(dir, user.uid, user.gid);
    await chown(socketDir, user.uid, user.gid);
  }

  try {
    await execFileAsync(
      options.initdb,
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { cwd: dir, uid: user?.uid, gid: user?.gid, timeout: 60_000 },
    );
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
    throw new LocalServerStartError('initdb', message.split('\n')[0]!, `${stdout}${stderr}`.trim());
  }

  const server = await startSupervisedServer({
    name: 'postgres',
    command: options.postgres,
    args: [
      '-D', dataDir,
      '-p', String(options.port),
      '-k', socketDir,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
      '-c', 'max_connections=200',
    ],
    cwd: dir,
    user,
    stopSignal: 'SIGINT', // fast shutdown: disconnect clients, no waiting on them
    removeDir: dir,
    readyWhen: { stream: 'stderr', pattern: /ready to accept connections/i },
  });
  return { adminUrl: `postgres://postgres@127.0.0.1:${options.port}/postgres`, port: options.port, process: server };
}
