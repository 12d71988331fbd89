import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackDirPrefix, sweepAbandonedStacks } from './abandoned-stacks.js';
import { withFreePort } from './free-port.js';
import { startLocalPostgresServer, type LocalPostgresServer } from './local-postgres-server.js';
import { startLocalRedisCluster, type LocalRedisCluster } from './local-redis-cluster.js';
import { startLocalRedisServer, type LocalRedisServer } from './local-redis-server.js';
import { postgresOsUserIfRoot } from './postgres-os-user.js';
import type { GuardedProcess, LocalBinaries, RunningStack } from '../types.js';

/**
 * Disposable redis-server and postgres on free loopback ports, in one fresh temp folder
 * (`<dir>/redis`, `<dir>/postgres`). Both run under guard processes, so they stop and the folder
 * goes away even if this process is SIGKILLed; `stop()` does the same in an orderly way.
 * With `redisCluster`, Redis is a 3-master cluster (`<dir>/redis/node-N`) instead of one server.
 */
export async function startLocalStack(binaries: LocalBinaries, options: { redisCluster?: boolean } = {}): Promise<RunningStack> {
  const postgresUser = postgresOsUserIfRoot();
  const swept = sweepAbandonedStacks();
  const dir = await mkdtemp(join(tmpdir(), stackDirPrefix()));
  // mkdtemp makes it 0700; the postgres OS user must be able to reach its own folder inside.
  if (postgresUser) await chmod(dir, 0o711);

  const [redis, postgres] = await Promise.allSettled([
    options.redisCluster
      ? startLocalRedisCluster(binaries.redisServer, join(dir, 'redis'))
      : withFreePort((port) => startLocalRedisServer(binaries.redisServer, port, join(dir, 'redis'))),
    withFreePort((port) =>
      startLocalPostgresServer({
        initdb: binaries.initdb,
        postgres: binaries.postgres,
        port,
        dir: join(dir, 'postgres'),
        user: postgresUser,
      }),
    ),
  ]);

  const stopAll = async (): Promise<void> => {
    await Promise.all(
      [redis, postgres].map((started) => (started.status === 'fulfilled' ? stopServer(started.value) : undefined)),
    );
    await rm(dir, { recursive: true, force: true });
  };

  if (redis.status === 'rejected' || postgres.status === 'rejected') {
    await stopAll();
    throw redis.status === 'rejected' ? redis.reason : (postgres as PromiseRejectedResult).reason;
  }
  return describeLocalStack(redis.value, postgres.value, dir, swept, stopAll);
}

type LocalRedis = LocalRedisServer | LocalRedisCluster;

function stopServer(server: LocalRedis | LocalPostgresServer): Promise<void> {
  return 'stop' in server ? server.stop() : server.process.stop();
}

function describeLocalStack(
  redis: LocalRedis,
  postgres: LocalPostgresServer,
  dir: string,
  swept: number,
  stop: () => Promise<void>,
): RunningStack {
  const guarded = ({ name, pid, supervisorPid }: GuardedProcess) => ({ name, pid, supervisorPid });
  const redisProcesses = 'processes' in redis ? redis.processes : [redis.process];
  const redisWhere = 'processes' in redis
    ? `redis cluster 127.0.0.1:${redis.ports.join(',')}`
    : `redis 127.0.0.1:${redis.port}`;
  return {
    endpoints: {
      mode: 'local',
      redisUrl: redis.url,
      databaseUrl: postgres.adminUrl,
      description:
        `local (${redisWhere}, postgres 127.0.0.1:${postgres.port}, dir ${dir}` +
        (swept ? `; removed ${swept} abandoned stack folder${swept > 1 ? 's' : ''})` : ')'),
    },
    processes: [...redisProcesses.map(guarded), guarded(postgres.process)],
    dir,
    stop,
  };
}
