import { ReferenceKind, type EntityMetadata, type EntityName, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager, QueryBuilder } from '@mikro-orm/knex';
import { describeValue } from '../iteration/describe-value.js';
import { InvalidEnumeratorOptionsError } from '../iteration/enumerators/errors.js';
import { instrumentPageQuery } from '../iteration/query-instrumentation.js';
import { UnsupportedCursorColumnError, UnsupportedRecordsQueryError } from './errors.js';
import type { CursorColumn, KeysetCursor, KeysetOptions, KeysetPlan } from './types.js';

const ALIAS = 'r';
const OWNED_CLAUSES = ['orderBy', 'limit', 'offset', '$orderBy', '$limit', '$offset'];
const KNOWN_OPTIONS = new Set(['cursor', 'batchSize', 'columns', 'fields']);

/** Validates the query and options once, when the enumerator is built (before any row is read). */
export function planKeyset<T extends object, C extends KeysetCursor>(
  builder: string,
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  options: KeysetOptions<C>,
  partition?: { instance: number; instances: number },
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
  const fields = options.fields && selectedFields(builder, meta, entityName, options.fields, columns);
  const plan: KeysetPlan<T> = { entity, entityName, where, columns, batchSize, fields };
  if (partition) plan.partition = { ...partition, field: partitionKey(builder, meta, entityName) };
  checkCursorShape(builder, plan, options.cursor);
  return plan;
}

/** A parallel partition takes the rows whose key modulo `instances` is `instance`: one integer key only. */
function partitionKey<T extends object>(builder: string, meta: EntityMetadata<T>, entityName: string): string {
  const keys = meta.primaryKeys.map((key) => meta.properties[key]);
  const key = keys[0];
  const integer = ['number', 'bigint'].includes(String(key?.runtimeType)) || /int/i.test(key?.columnTypes?.[0] ?? '');
  if (keys.length !== 1 || !key || !integer) {
    throw new InvalidEnumeratorOptionsError(
      builder,
      `${entityName} has no single integer primary key, and a parallel partition takes the rows whose key modulo instances is its instance`,
      'partition by hand with enumerate.parallel and a filter of your own',
    );
  }
  return key.fieldNames[0]!;
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
  // A `date` column holds whole days: exact as a cursor, whatever runtime type it is read into.
  if (isDayColumn(prop)) return { property: name, field: prop.fieldNames[0]!, isDate: false, isDay: true };
  const isDate = prop.runtimeType === 'Date';
  if (isDate && (prop.length === undefined || prop.length > 3)) {
    throw new UnsupportedCursorColumnError(
      entityName,
      name,
      'it stores microseconds (timestamptz(6)) but the cursor is a JavaScript Date with milliseconds, so a resume would repeat rows; ' +
        'declare the column with .length(3) (millisecond precision) or order by another column',
    );
  }
  return { property: name, field: prop.fieldNames[0]!, isDate, isDay: false };
}

/** `type: 'date'` (MikroORM's DateType) or a `date` column type; a datetime's type is `Date`, capitalised. */
function isDayColumn(prop: { type?: unknown; columnTypes?: string[] }): boolean {
  return prop.columnTypes?.[0]?.toLowerCase() === 'date' || prop.type === 'date' || prop.type === 'DateType';
}

/**
 * A day as job-iteration writes a date column's cursor: ISO 8601 `YYYY-MM-DD`. PostgreSQL hands a
 * `date` over as that text; read into a Date it is local midnight (postgres-date), so the local day.
 */
function isoDay(value: unknown): string {
  if (!(value instanceof Date)) return String(value).slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

function selectedFields<T extends object>(
  builder: string,
  meta: EntityMetadata<T>,
  entityName: string,
  fields: readonly string[],
  columns: CursorColumn[],
): string[] {
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new InvalidEnumeratorOptionsError(builder, 'fields must be a non-empty array of property names', 'e.g. fields: ["id"], or leave it out to read every column');
  }
  for (const name of fields) {
    const prop = meta.properties[name as keyof typeof meta.properties];
    if (!prop || prop.kind !== ReferenceKind.SCALAR || prop.fieldNames?.length !== 1) {
      throw new InvalidEnumeratorOptionsError(
        builder,
        `${entityName} has no scalar column property "${String(name)}"`,
        'name scalar properties in fields (for a relation, its foreign key column), or leave fields out to load whole entities',
      );
    }
  }
  // The primary key identifies the partial entity; the cursor columns make its cursor.
  return [...new Set([...meta.primaryKeys.map(String), ...columns.map((column) => column.property), ...fields])];
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

/** The cursor of a row: its cursor columns' values, Dates as ISO strings (JSON-safe, exact to the ms), days as `YYYY-MM-DD`. */
export function cursorOfRow<T extends object>(plan: KeysetPlan<T>, row: T): KeysetCursor {
  const values = plan.columns.map((column) => {
    const value = (row as Record<string, unknown>)[column.property];
    if (column.isDay) return isoDay(value);
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'bigint') return value.toString();
    return value as string | number;
  });
  return plan.columns.length === 1 ? values[0]! : values;
}

/**
 * One page: `WHERE <where> AND (cols) > (cursor) ORDER BY cols LIMIT batchSize`. The row-value
 * comparison lets PostgreSQL walk an index on (cols) from the cursor, so page 90 costs what page 1
 * costs (no OFFSET).
 */
export function keysetPageQuery<T extends object>(em: EntityManager, plan: KeysetPlan<T>, after: unknown): QueryBuilder<T> {
  const qb = scopedQuery(em, plan);
  qb.select(plan.fields ?? '*');
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

/** `WHERE <where>`, narrowed to the plan's parallel partition if it has one. */
function scopedQuery<T extends object>(em: EntityManager, plan: KeysetPlan<T>): QueryBuilder<T> {
  const qb = em.createQueryBuilder(plan.entity as EntityName<T>, ALIAS).where(plan.where);
  const { partition } = plan;
  if (partition) qb.andWhere(`mod(${ALIAS}.${em.getPlatform().quoteIdentifier(partition.field)}, ?) = ?`, [partition.instances, partition.instance]);
  return qb as unknown as QueryBuilder<T>;
}

/** How many rows the plan covers (job-iteration's `size`): one count query. */
export async function countKeysetRows<T extends object>(em: EntityManager, plan: KeysetPlan<T>): Promise<number> {
  return scopedQuery(em.fork(), plan).getCount();
}

/** A page query as SQL with its parameters; `cursorAt` says which parameters take the cursor values. */
interface PageStatement {
  sql: string;
  params: unknown[];
  cursorAt: number[];
}

/**
 * The page query is built once per enumeration and reused with new cursor values: building it
 * through the QueryBuilder costs more than PostgreSQL takes to answer it. Placeholder values mark
 * where the cursor goes among the parameters.
 */
function pageStatement<T extends object>(em: EntityManager, plan: KeysetPlan<T>, withCursor: boolean): PageStatement {
  const marks = plan.columns.map((_, index) => `\u0000keyset-cursor-${index}`);
  const qb = keysetPageQuery(em, plan, withCursor ? (plan.columns.length === 1 ? marks[0] : marks) : undefined);
  // Knex's form: `?` placeholders, as em.execute takes them.
  const { sql, bindings } = qb.getKnexQuery().toSQL();
  const params = [...bindings] as unknown[];
  const cursorAt = withCursor ? marks.map((mark) => params.indexOf(mark)) : [];
  return { sql, params, cursorAt };
}

/**
 * Rows as entities, hydrated in a fork of their own without entering an identity map: a page is
 * read-only input, released with the page, so memory stays flat over millions of rows.
 */
function hydratePage<T extends object>(em: EntityManager, plan: KeysetPlan<T>, rows: Record<string, unknown>[]): T[] {
  if (plan.fields) return rows.map((row) => partialEntity(em, plan, row));
  const fork = em.fork();
  const factory = fork.getEntityFactory();
  const driver = fork.getDriver();
  const meta = fork.getMetadata().get(plan.entityName);
  return rows.map(
    (row) => factory.create(plan.entityName, driver.mapResult(row, meta) as never, { merge: false, newEntity: false, convertCustomTypes: true }) as T,
  );
}

/**
 * A partial entity of scalar columns only: the entity's prototype with the selected properties set,
 * each value converted as MikroORM converts it. No factory, no identity map, no references: the
 * few microseconds per row a whole entity costs are most of a page's time otherwise.
 */
function partialEntity<T extends object>(em: EntityManager, plan: KeysetPlan<T>, row: Record<string, unknown>): T {
  const meta = em.getMetadata().get<T>(plan.entityName);
  const platform = em.getPlatform();
  const entity = Object.create(meta.prototype as object) as Record<string, unknown>;
  for (const name of plan.fields!) {
    const prop = meta.properties[name as keyof typeof meta.properties];
    const value = row[prop.fieldNames[0]!];
    if (value === null || value === undefined) entity[name] = value;
    else if (prop.customType) entity[name] = prop.customType.convertToJSValue(value, platform);
    else if (prop.runtimeType === 'Date' && !(value instanceof Date)) entity[name] = platform.parseDate(value as string);
    else entity[name] = value;
  }
  return entity as T;
}

/** The pages after `start`, lazily: the next query runs only when the previous page is used up. */
export async function* keysetPages<T extends object>(em: EntityManager, plan: KeysetPlan<T>, start: unknown, builder: string): AsyncGenerator<T[]> {
  let after = start;
  let first: PageStatement | undefined;
  let next: PageStatement | undefined;
  for (;;) {
    const statement = after === undefined || after === null ? (first ??= pageStatement(em, plan, false)) : (next ??= pageStatement(em, plan, true));
    const params = [...statement.params];
    const values = plan.columns.length === 1 ? [after] : (after as unknown[]);
    statement.cursorAt.forEach((at, index) => (params[at] = values[index]));
    const rows = await instrumentPageQuery(builder, after, () => em.execute<Record<string, unknown>[]>(statement.sql, params as never[]));
    if (rows.length === 0) return;
    const page = hydratePage(em, plan, rows);
    yield page;
    if (page.length < plan.batchSize) return;
    after = cursorOfRow(plan, page[page.length - 1]!);
  }
}
