import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis as IORedis } from 'ioredis';
import { findLocalBinaries } from '../../../src/harness/stack/local/find-local-binaries.js';
import { findFreePort } from '../../../src/harness/stack/local/free-port.js';
import { postgresOsUserIfRoot } from '../../../src/harness/stack/local/postgres-os-user.js';
import { startSupervisedServer, type SupervisedServer } from '../../../src/harness/stack/guard/supervised-server.js';
import type { LocalBinaries } from '../../../src/harness/stack/types.js';

const execFileAsync = promisify(execFile);

/** The local server binaries, or undefined: fault scenarios restart servers, so they need their own. */
export function localBinaries(): LocalBinaries | undefined {
  const probe = findLocalBinaries();
  return probe.available ? probe.binaries : undefined;
}

/**
 * A redis-server of the scenario's own (never the shared stack's: faults would hit other files),
 * on a fixed port so a restart keeps its address; AOF or no persistence; optionally a password.
 */
export class OwnRedis {
  private server: SupervisedServer | undefined;
  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly dir: string,
    private readonly options: { persistence: 'aof' | 'none'; password?: string },
  ) {}

  static async start(binaries: LocalBinaries, options: { persistence: 'aof' | 'none'; password?: string }): Promise<OwnRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'rj-fault-redis-'));
    const redis = new OwnRedis(binaries.redisServer, await findFreePort(), dir, options);
    await redis.startServer();
    return redis;
  }

  /** The URL with the password, when there is one (what a worker gets). */
  get url(): string {
    return this.options.password ? `redis://:${this.options.password}@127.0.0.1:${this.port}` : `redis://127.0.0.1:${this.port}`;
  }

  urlWithPassword(password: string): string {
    return `redis://:${password}@127.0.0.1:${this.port}`;
  }

  /** Stops the server (SIGTERM: with AOF, the log is complete) and starts it again on the same port and folder. */
  async restart(): Promise<void> {
    await this.server?.stop();
    await this.startServer();
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
    await rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Fills the server: `noeviction`, and `maxmemory` at what it uses now, so every write that needs
   * memory is refused with OOM while reads and deletes still work (a Redis that ran out of room).
   */
  async fill(): Promise<void> {
    await this.cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    const info = await this.cli('INFO', 'memory');
    const used = Number(/used_memory:(\d+)/.exec(info)?.[1]);
    await this.cli('CONFIG', 'SET', 'maxmemory', String(Math.max(1, used - 1024 * 1024)));
  }

  /** Lifts the limit set by fill(). */
  async free(): Promise<void> {
    await this.cli('CONFIG', 'SET', 'maxmemory', '0');
  }

  private async cli(...command: string[]): Promise<string> {
    const redis = new IORedis(this.url, { maxRetriesPerRequest: 1 });
    try {
      return String(await redis.call(command[0]!, ...command.slice(1)));
    } finally {
      redis.disconnect();
    }
  }

  private async startServer(): Promise<void> {
    const persistence =
      this.options.persistence === 'aof' ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    this.server = await startSupervisedServer({
      name: 'redis-server (fault scenario)',
      command: this.binary,
      args: [
        '--port', String(this.port),
        '--bind', '127.0.0.1',
        '--save', '',
        ...persistence,
        ...(this.options.password ? ['--requirepass', this.options.password] : []),
        '--dir', this.dir,
      ],
      cwd: this.dir,
      stopSignal: 'SIGTERM',
      readyWhen: { stream: 'stdout', pattern: /Ready to accept connections/i },
      onUnexpectedExit: () => undefined,
    });
  }
}

/** A PostgreSQL cluster of the scenario's own, which it may restart; trust auth, data thrown away at stop. */
export class OwnPostgres {
  private server: SupervisedServer | undefined;
  private constructor(
    private readonly binaries: LocalBinaries,
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(binaries: LocalBinaries): Promise<OwnPostgres> {
    const user = postgresOsUserIfRoot();
    const dir = await mkdtemp(join(tmpdir(), 'rj-fault-postgres-'));
    if (user) await chmod(dir, 0o711);
    await mkdir(join(dir, 'socket'), { recursive: true });
    if (user) {
      await chown(dir, user.uid, user.gid);
      await chown(join(dir, 'socket'), user.uid, user.gid);
    }
    await execFileAsync(binaries.initdb, ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
      cwd: dir,
      uid: user?.uid,
      gid: user?.gid,
      timeout: 60_000,
    });
    const postgres = new OwnPostgres(binaries, await findFreePort(), dir);
    await postgres.startServer();
    return postgres;
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Fast shutdown (clients disconnected mid-statement) and start again on the same data. */
  async restart(): Promise<void> {
    await this.server?.stop();
    await this.startServer();
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
    await rm(this.dir, { recursive: true, force: true });
  }

  private async startServer(): Promise<void> {
    const user = postgresOsUserIfRoot();
    this.server = await startSupervisedServer({
      name: 'postgres (fault scenario)',
      command: this.binaries.postgres,
      args: [
        '-D', join(this.dir, 'data'),
        '-p', String(this.port),
        '-k', join(this.dir, 'socket'),
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'fsync=off',
        '-c', 'max_connections=100',
      ],
      cwd: this.dir,
      user,
      stopSignal: 'SIGINT',
      readyWhen: { stream: 'stderr', pattern: /ready to accept connections/i },
      onUnexpectedExit: () => undefined,
    });
  }
}
