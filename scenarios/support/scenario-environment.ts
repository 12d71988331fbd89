import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, inject } from 'vitest';
import '../../src/harness/stack/isolation/provided-context.js';
import { createOrm } from '../../src/domain/orm.js';
import { prepareSchema } from '../../src/domain/schema.js';
import { createScenarioDatabase, scenarioPrefix } from '../../src/harness/stack/isolation/scenario-database.js';
import type { StackEndpoints } from '../../src/harness/stack/types.js';
import { fastCrashRecovery } from '../../src/runtime/crash-recovery.js';
import { connectRedis, scanTargets } from '../../src/runtime/redis-connection.js';
import { Runtime, type RuntimeOptions } from '../../src/runtime/runtime.js';

export interface ScenarioEnvironment {
  stack: StackEndpoints;
  /** This scenario file's own database. */
  databaseUrl: string;
  orm: MikroORM;
  redisUrl: string;
  /** This scenario file's own BullMQ prefix. */
  prefix: string;
  /** A runtime on this scenario's prefix, closed with the environment. */
  runtime<S>(options: Omit<RuntimeOptions<S>, 'redisUrl' | 'prefix'> & { prefix?: string }): Runtime<S>;
  /** Runs `release` when the environment closes, before its database is dropped. */
  onClose(release: () => Promise<unknown>): void;
  close(): Promise<void>;
}

// Registered when a scenario file imports this module, so it belongs to the file's root suite and
// runs after all of the file's tests (a hook registered inside a beforeAll would never run).
const openEnvironments = new Set<ScenarioEnvironment>();
afterAll(async () => {
  await Promise.all([...openEnvironments].map((environment) => environment.close()));
});

/**
 * Everything one scenario file needs: its own database (schema ready) and its own BullMQ prefix on
 * the run's Redis and Postgres, so scenario files can run in parallel without seeing each other.
 * Closed after the file's tests: runtimes closed, the database dropped, the prefix's keys deleted
 * (on servers of your own, a test run leaves nothing behind).
 */
export async function openScenario(name: string): Promise<ScenarioEnvironment> {
  const stack = inject('stack');
  const database = await createScenarioDatabase(stack.databaseUrl, name);
  const orm = await createOrm(database.url);
  await prepareSchema(orm);
  const prefix = scenarioPrefix(name);
  const runtimes: Runtime<unknown>[] = [];
  const releases: (() => Promise<unknown>)[] = [];
  let closed = false;

  const environment: ScenarioEnvironment = {
    stack,
    databaseUrl: database.url,
    orm,
    redisUrl: stack.redisUrl,
    prefix,
    runtime(options) {
      const runtime = new Runtime({
        crashRecovery: fastCrashRecovery,
        flagPollMs: 20,
        ...options,
        redisUrl: stack.redisUrl,
        prefix: options.prefix ?? prefix,
      });
      runtimes.push(runtime as Runtime<unknown>);
      return runtime;
    },
    onClose(release) {
      releases.push(release);
    },
    async close() {
      if (closed) return;
      closed = true;
      openEnvironments.delete(environment);
      await Promise.all(runtimes.map((runtime) => runtime.close()));
      await Promise.all(releases.map((release) => release()));
      await orm.close(true);
      await database.drop();
      await deleteKeys(stack.redisUrl, `${prefix}:*`);
    },
  };
  openEnvironments.add(environment);
  return environment;
}

/**
 * Deletes every key matching `pattern` (SCAN, not KEYS: never blocks a shared server), on every master
 * of a cluster. One key per UNLINK: a cluster refuses a multi-key command whose keys span slots.
 */
async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = connectRedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    for (const node of scanTargets(redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        await Promise.all(keys.map((key) => redis.unlink(key)));
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
