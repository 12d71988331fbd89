import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { KeysetCursor } from '../iteration/enumerators/types.js';

export type { KeysetCursor };

/** Options of `records` and `batches`: where to resume, rows per query, and the cursor columns. */
export interface KeysetOptions<C extends KeysetCursor> {
  cursor: C | undefined;
  /** Rows per query (default 100). */
  batchSize?: number;
  /**
   * Properties that order the rows, ascending (default: the primary key). Together they must be
   * unique (end with the primary key), or rows tied at a page boundary would be skipped.
   */
  columns?: readonly string[];
  /**
   * Read only these properties (the cursor columns are always read): rows arrive as partial
   * entities whose other properties are undefined. A job that needs only ids saves most of a page's
   * cost this way. Default: every column.
   */
  fields?: readonly string[];
}

/** One cursor column of a keyset plan: the entity property, its database field, and how its values are written. */
export interface CursorColumn {
  property: string;
  field: string;
  isDate: boolean;
  /** A `date` column (whole days): its cursor value is the ISO 8601 day, `YYYY-MM-DD`. */
  isDay: boolean;
}

/** A validated keyset query: which rows, in which order, how many per page. */
export interface KeysetPlan<T extends object> {
  entity: EntityName<T>;
  entityName: string;
  where: FilterQuery<T>;
  columns: CursorColumn[];
  batchSize: number;
  /** Properties to read, cursor columns included; undefined: all of them. */
  fields: string[] | undefined;
  /** A parallel partition: only rows whose `field` (the integer key) modulo `instances` is `instance`. */
  partition?: { instance: number; instances: number; field: string };
}
