import type { Cursor } from '../../runtime/cursor.js';

/** A keyset cursor: the cursor columns' values of the last completed row (one column: the bare value). */
export type KeysetCursor = string | number | readonly (string | number)[];

/**
 * One page of rows for the keyset enumerator: the first `limit` rows whose cursor is greater than
 * `after` (all rows from the start when `after` is undefined), ordered by cursor ascending. Fewer
 * than `limit` rows means the last page. E.g. with pg:
 * `(after, limit) => db.query('select * from orders where id > $1 order by id limit $2', [after ?? 0, limit]).then((r) => r.rows)`.
 */
export type PageFetcher<Row, C> = (after: C | undefined, limit: number) => readonly Row[] | Promise<readonly Row[]>;

/** Options of `this.enumerate.keyset` and `keysetBatches`: where to resume, page size, each row's cursor. */
export interface KeysetFetchOptions<Row, C> {
  /** The cursor buildEnumerator received: the first row returned is the one after it. */
  cursor: C | undefined;
  /** Rows asked of each fetchPage call (`limit`); default 100, at most 10,000. */
  batchSize?: number;
  /**
   * A row's cursor, a JSON value that orders rows as fetchPage does (default: `row.id`). For a
   * sort on several columns return them all, unique together, e.g. `(row) => [row.createdAt.toISOString(), row.id]`.
   */
  cursorOf?: (row: Row) => C;
}

/** Options of `this.enumerate.throttle`: when to back off, and for how long. */
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

/** Options of `this.enumerate.csv` row by row: the cursor buildEnumerator received. */
export interface CsvOptions {
  cursor: CsvCursor | undefined;
}
/** Options of `this.enumerate.csv` in batches: the cursor, and rows per batch. */
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
