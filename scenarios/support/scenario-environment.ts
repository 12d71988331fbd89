import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, inject } from 'vitest';
import '../../src/harness/stack/provided-context.js';
import { createOrm } from '../../src/domain/orm.js';
import { prepareSchema } from '../../src/domain/schema.js';
import { createScenarioDatabase, scenarioPrefix } from '../../src/harness/stack/scenario-database.js';
import type { StackEndpoints } from '../../src/harness/stack/types.js';
import { fastCrashRecovery } from '../../src/runtime/crash-recovery.js';
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
  close(): Promise<void>;
}

/**
 * Everything one scenario file needs: its own database (schema ready) and its own BullMQ prefix on
 * the run's Redis and Postgres, so scenario files can run in parallel without seeing each other.
 * Closed by an afterAll hook it registers itself.
 */
export async function openScenario(name: string): Promise<ScenarioEnvironment> {
  const stack = inject('stack');
  const database = await createScenarioDatabase(stack.databaseUrl, name);
  const orm = await createOrm(database.url);
  await prepareSchema(orm);
  const prefix = scenarioPrefix(name);
  const runtimes: Runtime<unknown>[] = [];
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
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(runtimes.map((runtime) => runtime.close()));
      await orm.close(true);
      await database.drop();
    },
  };
  afterAll(() => environment.close());
  return environment;
}
