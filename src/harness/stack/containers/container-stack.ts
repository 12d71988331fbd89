import { randomUUID } from 'node:crypto';
import { startContainerReaper, type DockerModemOptions } from './container-reaper.js';
import { ContainerStackStartError } from '../errors.js';
import type { RunningStack } from '../types.js';

/** Same durability trade as the local stack: data lives for one run. */
const FAST_POSTGRES_COMMAND = [
  'postgres',
  '-c', 'fsync=off',
  '-c', 'synchronous_commit=off',
  '-c', 'full_page_writes=off',
  '-c', 'max_connections=200',
];

/**
 * Redis and PostgreSQL in containers started by testcontainers. Every container carries a label
 * unique to this run, and a reaper process (../guard/container-reaper.mjs) removes them if this
 * process dies before `stop()`, even by SIGKILL, so Ryuk is not needed and is disabled by default.
 * The PostgreSQL user is the superuser `postgres` on the `postgres` database, so the admin URL may
 * create one database per scenario file.
 */
export async function startContainerStack(redisImage: string, postgresImage: string): Promise<RunningStack> {
  const [{ getContainerRuntimeClient }, { RedisContainer }, { PostgreSqlContainer }] = await Promise.all([
    import('testcontainers'),
    import('@testcontainers/redis'),
    import('@testcontainers/postgresql'),
  ]);
  const client = await getContainerRuntimeClient();
  const label = { key: 'resumable-jobs.stack-session', value: randomUUID() };
  const reaper = await startContainerReaper(client.container.dockerode.modem as DockerModemOptions, label);
  // Our reaper does Ryuk's job, and Ryuk's image cannot be pulled where no registry is reachable.
  // An explicit TESTCONTAINERS_RYUK_DISABLED=false from the user still wins.
  if (reaper) process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const labels = { [label.key]: label.value };

  const [redis, postgres] = await Promise.allSettled([
    new RedisContainer(redisImage).withLabels(labels).start(),
    new PostgreSqlContainer(postgresImage)
      .withLabels(labels)
      .withUsername('postgres')
      .withPassword('postgres')
      .withDatabase('postgres')
      .withCommand(FAST_POSTGRES_COMMAND)
      .start(),
  ]);

  const stop = async (): Promise<void> => {
    await Promise.allSettled(
      [redis, postgres].map((started) => (started.status === 'fulfilled' ? started.value.stop() : undefined)),
    );
    await reaper?.release();
  };

  if (redis.status === 'rejected' || postgres.status === 'rejected') {
    await stop();
    const cause = redis.status === 'rejected' ? redis.reason : (postgres as PromiseRejectedResult).reason;
    throw new ContainerStackStartError(`${redisImage}, ${postgresImage}`, cause);
  }

  const redisUrl = redis.value.getConnectionUrl();
  const databaseUrl = postgres.value.getConnectionUri();
  const reaperNote = reaper ? '' : ', no reaper: engine reached over ssh';
  return {
    endpoints: {
      mode: 'containers',
      redisUrl,
      databaseUrl,
      description:
        `containers (redis ${redisImage} at ${redis.value.getHost()}:${redis.value.getPort()}, ` +
        `postgres ${postgresImage} at ${postgres.value.getHost()}:${postgres.value.getPort()}, ` +
        `docker ${client.info.containerRuntime.host}${reaperNote})`,
    },
    processes: [],
    stop,
  };
}
