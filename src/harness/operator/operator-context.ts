import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm } from '../../domain/orm.js';
import { prepareSchema } from '../../domain/schema.js';
import { allDemoJobClasses } from '../../jobs/catalog.js';
import type { DemoServices } from '../../jobs/shared/demo-services.js';
import type { ProcessingSettings } from '../../domain/types.js';
import { Runtime, type CloseReport } from 'resumable-jobs/runtime';
import { redactUrl } from '../stack/redact-url.js';
import { checkRedisAnswers } from './check-redis-answers.js';
import { OperatorError } from './errors.js';

/**
 * The BullMQ prefix of the operator's queue: JOBS_PREFIX, default `{demo}`. The braces are a hash tag,
 * so the same default runs on one Redis and on a Redis Cluster (where every key of a job must share a slot).
 */
export const DEFAULT_OPERATOR_PREFIX = '{demo}';

export function operatorPrefix(env: NodeJS.ProcessEnv = process.env): string {
  return env.JOBS_PREFIX?.trim() || DEFAULT_OPERATOR_PREFIX;
}

/** What the operator commands share: the demo database (schema ready) and a runtime on the demo queue. */
export interface OperatorContext {
  orm: MikroORM;
  runtime: Runtime<DemoServices>;
  prefix: string;
  redisUrl: string;
  databaseUrl: string;
  /** Closes the runtime (`force`: without waiting for active jobs) and the ORM. */
  close(force?: boolean): Promise<CloseReport>;
}

/**
 * Opens both servers or fails with one line naming the one that does not answer (checked first:
 * a runtime on a dead Redis would otherwise retry forever).
 */
export async function openOperatorContext(
  redisUrl: string,
  databaseUrl: string,
  { prefix = operatorPrefix(), processing = {} }: { prefix?: string; processing?: Partial<ProcessingSettings> } = {},
): Promise<OperatorContext> {
  const problem = await checkRedisAnswers(redisUrl);
  if (problem) throw new OperatorError(`cannot reach Redis at ${redactUrl(redisUrl)} (${problem}); start it (npm run stack -- up) or set REDIS_URL`);
  let orm: MikroORM;
  try {
    orm = await createOrm(databaseUrl, { connectTimeoutMs: 5_000 });
    await prepareSchema(orm);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new OperatorError(`cannot reach PostgreSQL at ${redactUrl(databaseUrl)} (${reason}); start it (npm run stack -- up) or set DATABASE_URL`);
  }
  const services: DemoServices = { orm, processing };
  const runtime = new Runtime<DemoServices>({ redisUrl, prefix, services }).register(...allDemoJobClasses);
  return {
    orm,
    runtime,
    prefix,
    redisUrl,
    databaseUrl,
    async close(force) {
      const report = await runtime.close(force);
      await orm.close(true);
      return report;
    },
  };
}
