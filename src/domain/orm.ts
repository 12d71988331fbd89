import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import { allEntities } from './entities/index.js';
import type { CreateOrmOptions } from './types.js';

/**
 * Opens a MikroORM instance on PostgreSQL. The database is created if it does not exist
 * (MikroORM's `ensureDatabase`), the schema is not: call `prepareSchema(orm)` for that.
 * The global EntityManager is refused (`allowGlobalContext: false`): use `orm.em.fork()`.
 */
export async function createOrm(databaseUrl: string, opts: CreateOrmOptions = {}): Promise<MikroORM> {
  return MikroORM.init(
    defineConfig({
      clientUrl: databaseUrl,
      // By reference, never globs: see the note in entities/index.ts.
      entities: [...allEntities],
      debug: opts.debug ?? false,
      allowGlobalContext: false,
      pool: { min: 0, max: opts.poolMax ?? 5 },
      // Merged into the knex config: pg's own connect timeout, so an unreachable host fails fast.
      driverOptions: { connection: { connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000 } },
    }),
  );
}
