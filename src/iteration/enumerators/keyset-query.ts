import { ReferenceKind, type EntityMetadata, type EntityName, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager, QueryBuilder } from '@mikro-orm/postgresql';
import { describeValue } from '../describe-value.js';
import { InvalidEnumeratorOptionsError, UnsupportedCursorColumnError, UnsupportedRecordsQueryError } from './errors.js';
import type { CursorColumn, KeysetCursor, KeysetOptions, KeysetPlan } from './types.js';

const ALIAS = 'r';
const OWNED_CLAUSES = ['orderBy', 'limit', 'offset', '$orderBy', '$limit', '$offset'];
const KNOWN_OPTIONS = new Set(['cursor', 'batchSize', 'columns']);

/** Validates the query and options once, when the enumerator is built (before any row is read). */
export function planKeyset<T extends object, C extends KeysetCursor>(
  builder: string,
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  options: KeysetOptions<C>,
): KeysetPlan<T> {
  const meta = em.getMetadata().get<T>(entity as never) as EntityMetadata<T>;
  const entityName = meta.className;
  refuseOwnedClauses(entityName, meta, where, options);
  const batchSize = options.batchSize ?? 100;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new InvalidEnumeratorOptionsError(builder, `batchSize must be an integer from 1 to 10000, got ${String(options.batchSize)}`, 'e.g. { batchSize: 100 }');
  }
  const names = options.columns ?? meta.primaryKeys.map(String);
  if (names.length === 0) throw new InvalidEnumeratorOptionsError(builder, 'columns is empty', 'name at least one property, e.g. columns: ["id"]');
  const columns = names.map((name) => cursorColumn(meta, entityName, name));
  const plan: KeysetPlan<T> = { entity, entityName, where, columns, batchSize };
  checkCursorShape(builder, plan, options.cursor);
  return plan;
}

function refuseOwnedClauses<T extends object>(entityName: string, meta: EntityMetadata<T>, where: unknown, options: object): void {
  for (const key of Object.keys(options)) {
    if (OWNED_CLAUSES.includes(key)) throw new UnsupportedRecordsQueryError(entityName, `options.${key}`);
    if (!KNOWN_OPTIONS.has(key)) {
      throw new InvalidEnumeratorOptionsError('records', `unknown option "${key}"`, `use only ${[...KNOWN_OPTIONS].join(', ')}`);
    }
  }
  if (where === null || typeof where !== 'object' || Array.isArray(where)) {
    throw new InvalidEnumeratorOptionsError('records', `where must be a filter object, got ${describeValue(where)}`, 'pass e.g. { status: "pending" } or {}');
  }
  if (typeof (where as { getKnexQuery?: unknown }).getKnexQuery === 'function') {
    throw new InvalidEnumeratorOptionsError('records', 'got a QueryBuilder', 'pass its filter object instead; the enumerator builds the query (ORDER BY/LIMIT included)');
  }
  for (const key of Object.keys(where)) {
    if (OWNED_CLAUSES.includes(key) && !(key in meta.properties)) throw new UnsupportedRecordsQueryError(entityName, `where.${key}`);
  }
}

function cursorColumn<T extends object>(meta: EntityMetadata<T>, entityName: string, name: string): CursorColumn {
  const prop = meta.properties[name as keyof typeof meta.properties];
  if (!prop) throw new UnsupportedCursorColumnError(entityName, name, `${entityName} has no such property`);
  if (prop.kind !== ReferenceKind.SCALAR || prop.fieldNames?.length !== 1) {
    throw new UnsupportedCursorColumnError(entityName, name, 'only scalar columns can order a keyset; use the scalar foreign key or another column');
  }
  if (prop.nullable) {
    throw new UnsupportedCursorColumnError(entityName, name, 'it is nullable, and rows whose value is NULL never compare greater than a cursor, so they would be skipped');
  }
  const isDate = prop.runtimeType === 'Date';
  if (isDate && (prop.length === undefined || prop.length > 3)) {
    throw new UnsupportedCursorColumnError(
      entityName,
      name,
      'it stores microseconds (timestamptz(6)) but the cursor is a JavaScript Date with milliseconds, so a resume would repeat rows; ' +
        'declare the column with .length(3) (millisecond precision) or order by another column',
    );
  }
  return { property: name, field: prop.fieldNames[0]!, isDate };
}

function checkCursorShape<T extends object>(builder: string, plan: KeysetPlan<T>, cursor: unknown): void {
  if (cursor === undefined || cursor === null) return;
  const values = plan.columns.length === 1 ? [cursor] : cursor;
  const fits =
    Array.isArray(values) &&
    values.length === plan.columns.length &&
    values.every((value) => typeof value === 'string' || typeof value === 'number');
  if (!fits) {
    throw new InvalidEnumeratorOptionsError(
      builder,
      `cursor ${JSON.stringify(cursor)} does not fit the cursor columns (${plan.columns.map((c) => c.property).join(', ')})`,
      'pass the cursor buildEnumerator received, and keep `columns` the same while jobs are in flight',
    );
  }
}

/** The cursor of a row: its cursor columns' values, Dates as ISO strings (JSON-safe, exact to the ms). */
export function cursorOfRow<T extends object>(plan: KeysetPlan<T>, row: T): KeysetCursor {
  const values = plan.columns.map((column) => {
    const value = (row as Record<string, unknown>)[column.property];
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'bigint') return value.toString();
    return value as string | number;
  });
  return plan.columns.length === 1 ? values[0]! : values;
}

/**
 * One page: `WHERE <where> AND (cols) > (cursor) ORDER BY cols LIMIT batchSize`. The row-value
 * comparison lets PostgreSQL walk an index on (cols) from the cursor, so page 90 costs what page 1
 * costs (no OFFSET). Built on a fresh fork, so a page's entities are released with it.
 */
export function keysetPageQuery<T extends object>(em: EntityManager, plan: KeysetPlan<T>, after: unknown): QueryBuilder<T> {
  const qb = em.fork().createQueryBuilder(plan.entity as EntityName<T>, ALIAS);
  qb.select('*').where(plan.where);
  if (after !== undefined && after !== null) {
    const values = plan.columns.length === 1 ? [after] : (after as unknown[]);
    const platform = em.getPlatform();
    const left = plan.columns.map((column) => `${ALIAS}.${platform.quoteIdentifier(column.field)}`).join(', ');
    qb.andWhere(`(${left}) > (${values.map(() => '?').join(', ')})`, values);
  }
  qb.orderBy(Object.fromEntries(plan.columns.map((column) => [column.property, 'asc'])) as never);
  qb.limit(plan.batchSize);
  return qb as unknown as QueryBuilder<T>;
}

/** The pages after `start`, lazily: the next query runs only when the previous page is used up. */
export async function* keysetPages<T extends object>(em: EntityManager, plan: KeysetPlan<T>, start: unknown): AsyncGenerator<T[]> {
  let after = start;
  for (;;) {
    const page = (await keysetPageQuery(em, plan, after).getResultList()) as T[];
    if (page.length === 0) return;
    yield page;
    if (page.length < plan.batchSize) return;
    after = cursorOfRow(plan, page[page.length - 1]!);
  }
}
