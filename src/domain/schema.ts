import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Creates the tables, or brings existing ones up to date with the entities. Safe to run again:
 * when nothing changed it issues no DDL. Tables that are not ours (other modules may share the
 * database) are never dropped.
 */
export async function prepareSchema(orm: MikroORM): Promise<void> {
  await orm.schema.ensureDatabase();
  await orm.schema.updateSchema({ dropTables: false });
}

/** The SQL `prepareSchema` would still run; empty once the schema is current. */
export async function pendingSchemaSql(orm: MikroORM): Promise<string> {
  return (await orm.schema.getUpdateSchemaSQL({ dropTables: false })).trim();
}

/** Empties every domain table and restarts the id sequences, so a reseed gives the same ids. */
export async function resetData(orm: MikroORM): Promise<void> {
  const tables = Object.values(orm.getMetadata().getAll())
    .filter((meta) => !meta.embeddable && !meta.virtual && meta.tableName)
    .map((meta) => `"${meta.tableName}"`);
  await orm.em.fork().execute(`truncate table ${tables.join(', ')} restart identity cascade`);
}
