import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { Cursor } from '../../runtime/cursor.js';

/** A keyset cursor: the cursor columns' values of the last completed row (one column: the bare value). */
export type KeysetCursor = string | number | readonly (string | number)[];

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

export interface ThrottleOptions {
  /** Asked before each item is fetched; true means "back off now". */
  throttleOn: () => boolean | Promise<boolean>;
  /** How long the job waits before it runs again (wins over the job's retryBackoffMs). */
  backoffMs: number;
}

/** A data row keyed by the header row's names. */
export type CsvRow = Record<string, string>;

/**
 * `[row, byteOffset]`: the index of the last completed data row (0-based) and the byte offset just
 * after it, where the next row starts. The offset makes a resume seek instead of re-reading the file.
 */
export type CsvCursor = readonly [row: number, offset: number];

export interface CsvOptions {
  cursor: CsvCursor | undefined;
}
export interface CsvBatchOptions extends CsvOptions {
  /** Rows per batch; each batch's cursor is its last row's. */
  batchSize: number;
}

/** One CSV record and where it sits in the file: `end` is the byte offset just after its line break. */
export interface CsvRecord {
  fields: string[];
  start: number;
  end: number;
}

/**
 * One slot per level: `[after, at]` for every outer level (the cursor of the outer item entered
 * before the current one, null for the first; and the cursor of the current outer item), then the
 * innermost item's cursor. E.g. `[[3, 4], 17]`: outer items up to 3 are done, outer item 4 is done
 * up to its inner item 17.
 */
export type NestedCursor = readonly Cursor[];

/** Where a nested enumerator resumes, from one level down. */
export interface NestedResumePoint {
  /** [after, at] per outer level, from this level down. */
  slots: (readonly [Cursor | null, Cursor])[];
  inner: Cursor | null;
}
