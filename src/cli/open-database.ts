import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm } from '../domain/orm.js';
import { DatabaseUnreachableError } from './errors.js';
import { redactUrl } from '../harness/stack/redact-url.js';

/** Opens the ORM (creating the database if missing) or fails with one clear line. */
export async function openDatabase(url: string): Promise<MikroORM> {
  try {
    const orm = await createOrm(url, { connectTimeoutMs: 5_000 });
    await orm.em.fork().execute('select 1');
    return orm;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] || error.name : String(error);
    throw new DatabaseUnreachableError(redactUrl(url), reason);
  }
}
