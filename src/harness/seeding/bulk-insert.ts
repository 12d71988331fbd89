import { Utils, type EntityDictionary, type EntityName, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { dataSettings } from '../../../fixtures/data-settings.js';
import { BulkInsertMismatchError } from './errors.js';

/**
 * Inserts rows in chunks, one multi-row `INSERT … RETURNING id` per chunk with no Unit of Work,
 * and returns the new ids in row order (Postgres returns a multi-row VALUES insert in order).
 *
 * Why the driver's nativeInsertMany and not `em.insertMany`: it is the same statement, but in
 * MikroORM 6.6.16 `em.insertMany(Entity, plainRows)` on PostgreSQL returns only the FIRST id
 * (`[res.insertId]`, since the pg result carries `rows`, not `insertedIds`), and seeders must
 * hand every id back. Guessing the rest as consecutive would break under concurrent inserts.
 */
export async function insertInChunks<Entity extends object>(
  em: EntityManager,
  entity: EntityName<Entity>,
  rows: readonly RequiredEntityData<Entity>[],
  chunkSize: number = dataSettings.insertChunkSize,
): Promise<number[]> {
  const entityName = Utils.className(entity);
  const [primaryKey] = em.getMetadata().find(entityName)?.primaryKeys ?? ['id'];
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    // Plain rows keyed by property name, which is what the driver maps to columns.
    const chunk = rows.slice(start, start + chunkSize) as EntityDictionary<Entity>[];
    const result = await em.getDriver().nativeInsertMany<Entity>(entityName, chunk, { ctx: em.getTransactionContext() });
    for (const row of result.rows ?? []) ids.push(row[primaryKey as string] as number);
  }
  if (ids.length !== rows.length) {
    throw new BulkInsertMismatchError(entityName, rows.length, ids.length);
  }
  return ids;
}
