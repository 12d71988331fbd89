import { compareCursors, findCursorProblem, jsonRoundTripOf, sameCursor } from '../../runtime/cursor.js';
import { CursorEnumerable } from '../cursor-enumerable.js';
import { describeValue } from '../describe-value.js';
import { InvalidEnumeratorOptionsError, KeysetPageError } from './errors.js';
import type { KeysetFetchOptions, PageFetcher } from './types.js';

const DEFAULT_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 10_000;
const KNOWN_OPTIONS = new Set(['cursor', 'batchSize', 'cursorOf']);

/** A keyset walk checked once, when the enumerator is built (before any page is fetched). */
interface KeysetWalk<Row, C> {
  builder: string;
  fetchPage: PageFetcher<Row, C>;
  batchSize: number;
  cursorOf: (row: Row) => C;
  start: C | undefined;
}

/**
 * Rows one at a time over your own page query (job-iteration's keyset enumerators without an ORM):
 * cursor = the row's cursor; the first page is the one after the cursor it is given.
 */
export function keysetEnumerator<Row, C>(fetchPage: PageFetcher<Row, C>, options: KeysetFetchOptions<Row, C>): CursorEnumerable<Row, C> {
  const walk = planWalk('keyset', fetchPage, options);
  return new CursorEnumerable('keyset', { cursor: options.cursor }, async function* () {
    for await (const page of pagesOf(walk)) {
      for (const [row, cursor] of page) yield [row, cursor] as const;
    }
  });
}

/** Pages as arrays of rows; cursor = the page's last row's, so a page is done or not done as a whole. */
export function keysetBatchesEnumerator<Row, C>(fetchPage: PageFetcher<Row, C>, options: KeysetFetchOptions<Row, C>): CursorEnumerable<Row[], C> {
  const walk = planWalk('keysetBatches', fetchPage, options);
  return new CursorEnumerable('keysetBatches', { cursor: options.cursor }, async function* () {
    for await (const page of pagesOf(walk)) {
      yield [page.map(([row]) => row), page[page.length - 1]![1]] as const;
    }
  });
}

function planWalk<Row, C>(builder: string, fetchPage: PageFetcher<Row, C>, options: KeysetFetchOptions<Row, C>): KeysetWalk<Row, C> {
  if (typeof fetchPage !== 'function') {
    throw new InvalidEnumeratorOptionsError(builder, `fetchPage must be a function (after, limit) => rows, got ${describeValue(fetchPage)}`, 'e.g. (after, limit) => db.query(...).then((r) => r.rows)');
  }
  if (options === null || typeof options !== 'object') {
    throw new InvalidEnumeratorOptionsError(builder, `options must be an object, got ${describeValue(options)}`, 'pass { cursor } with the cursor buildEnumerator received');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new InvalidEnumeratorOptionsError(builder, `unknown option "${key}"`, `use only ${[...KNOWN_OPTIONS].join(', ')}`);
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new InvalidEnumeratorOptionsError(builder, `batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}, got ${describeValue(options.batchSize)}`, 'e.g. { batchSize: 100 }');
  }
  if (options.cursorOf !== undefined && typeof options.cursorOf !== 'function') {
    throw new InvalidEnumeratorOptionsError(builder, `cursorOf must be a function (row) => cursor, got ${describeValue(options.cursorOf)}`, 'e.g. cursorOf: (row) => row.id, or leave it out');
  }
  // null is how older stored data spelled "no cursor yet".
  const start = options.cursor ?? undefined;
  const problem = start === undefined ? undefined : findCursorProblem(start);
  if (problem) {
    throw new InvalidEnumeratorOptionsError(builder, `${problem.path} is ${problem.problem}`, 'pass the cursor buildEnumerator received');
  }
  return { builder, fetchPage, batchSize, cursorOf: options.cursorOf ?? idOf<Row, C>, start };
}

function idOf<Row, C>(row: Row): C {
  return (row as { id?: C } | null)?.id as C;
}

/**
 * The pages after the start, each row with its cursor, lazily: the next fetch runs only when the
 * previous page is used up; a page shorter than batchSize is the last. Every cursor must come after
 * the one before it, or the walk would repeat rows (or never end).
 */
async function* pagesOf<Row, C>(walk: KeysetWalk<Row, C>): AsyncGenerator<[Row, C][]> {
  let after = walk.start;
  for (;;) {
    const rows = await walk.fetchPage(after, walk.batchSize);
    if (!Array.isArray(rows)) {
      throw new KeysetPageError(walk.builder, `fetchPage returned ${describeValue(rows)}, not an array of rows`, 'return the rows (e.g. result.rows), [] after the last one');
    }
    if (rows.length === 0) return;
    const asked = after;
    const page = rows.map((row: Row): [Row, C] => {
      const cursor = cursorOfRow(walk, row);
      checkAfter(walk, asked, after, cursor);
      after = cursor;
      return [row, cursor];
    });
    yield page;
    if (rows.length < walk.batchSize) return;
  }
}

function cursorOfRow<Row, C>(walk: KeysetWalk<Row, C>, row: Row): C {
  const cursor = walk.cursorOf(row);
  const problem = cursor === undefined || cursor === null ? { path: 'cursor', problem: jsonRoundTripOf(cursor) } : findCursorProblem(cursor);
  if (problem) {
    throw new KeysetPageError(
      walk.builder,
      `the cursor of row ${jsonRoundTripOf(row, 80)} is not a JSON cursor (${problem.path}: ${problem.problem})`,
      'select an id column, or pass cursorOf: (row) => ... returning a number, a string or an array of them (ISO strings for dates)',
    );
  }
  return cursor;
}

/** `asked`: the `after` fetchPage was given; `after`: the cursor of the row before this one. */
function checkAfter<Row, C>(walk: KeysetWalk<Row, C>, asked: C | undefined, after: C | undefined, cursor: C): void {
  if (after === undefined) return;
  const order = compareCursors(cursor, after);
  if (order === 1 || (order === undefined && !sameCursor(cursor, after))) return;
  throw new KeysetPageError(
    walk.builder,
    `fetchPage(${asked === undefined ? 'undefined' : jsonRoundTripOf(asked, 80)}, ${walk.batchSize}) returned a row with cursor ${jsonRoundTripOf(cursor, 80)}, which is not after ${jsonRoundTripOf(after, 80)}`,
    'return only rows whose cursor is greater than `after`, ordered by it ascending (WHERE key > after ORDER BY key LIMIT limit)',
  );
}
