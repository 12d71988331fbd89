import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm } from '../../src/domain/orm.js';
import { prepareSchema } from '../../src/domain/schema.js';
import { createScenarioDatabase, scenarioPrefix } from '../../src/harness/stack/isolation/scenario-database.js';
import type { StackEndpoints } from '../../src/harness/stack/types.js';
import { connectRedis, scanTargets } from 'resumable-jobs/runtime';
import { Runtime, type RuntimeOptions } from 'resumable-jobs/runtime';

export type RuntimeDefaults = Partial<Omit<RuntimeOptions<unknown>, 'redisUrl' | 'prefix' | 'services'>>;

/** A database and a BullMQ prefix of one's own on the stack's servers, with what runs on them. */
export interface IsolatedStack {
  stack: StackEndpoints;
  /** This stack's own database (schema ready). */
  databaseUrl: string;
  orm: MikroORM;
  redisUrl: string;
  /** This stack's own BullMQ prefix. */
  prefix: string;
  /** A runtime on this stack's prefix, closed with the stack. */
  runtime<S>(options: Omit<RuntimeOptions<S>, 'redisUrl' | 'prefix'> & { prefix?: string }): Runtime<S>;
  /** Runs `release` when the stack closes, before its database is dropped. */
  onClose(release: () => Promise<unknown>): void;
  /** Closes runtimes and releases, drops the database, deletes the prefix's keys. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens an isolated stack on `stack`'s servers: its own database (schema ready) and its own BullMQ
 * prefix, so scenario files and benchmark runs work side by side without seeing each other, and
 * leave nothing behind when closed. `runtimeDefaults` are given to every runtime it makes.
 */
export async function openIsolatedStack(stack: StackEndpoints, name: string, runtimeDefaults: RuntimeDefaults = {}): Promise<IsolatedStack> {
  const database = await createScenarioDatabase(stack.databaseUrl, name);
  let orm: MikroORM;
  try {
    orm = await createOrm(database.url);
    await prepareSchema(orm);
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
  const prefix = scenarioPrefix(name);
  const runtimes: Runtime<unknown>[] = [];
  const releases: (() => Promise<unknown>)[] = [];
  let closing: Promise<void> | undefined;

  return {
    stack,
    databaseUrl: database.url,
    orm,
    redisUrl: stack.redisUrl,
    prefix,
    runtime(options) {
      const runtime = new Runtime({ ...runtimeDefaults, ...options, redisUrl: stack.redisUrl, prefix: options.prefix ?? prefix });
      runtimes.push(runtime as Runtime<unknown>);
      return runtime;
    },
    onClose(release) {
      releases.push(release);
    },
    close() {
      closing ??= (async () => {
        await Promise.all(runtimes.map((runtime) => runtime.close()));
        await Promise.all(releases.map((release) => release()));
        await orm.close(true);
        await database.drop();
        await deleteKeys(stack.redisUrl, `${prefix}:*`);
      })();
      return closing;
    },
  };
}

/**
 * Deletes every key matching `pattern` (SCAN, not KEYS: never blocks a shared server), on every master
 * of a cluster. One key per UNLINK: a cluster refuses a multi-key command whose keys span slots.
 */
export async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
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
