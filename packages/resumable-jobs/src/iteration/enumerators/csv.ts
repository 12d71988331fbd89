import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { CursorEnumerable } from '../cursor-enumerable.js';
import { CsvParseError, InvalidEnumeratorOptionsError } from './errors.js';
import { CsvSyntaxProblem, readCsvRecords } from './csv-records.js';
import type { CsvBatchOptions, CsvCursor, CsvOptions, CsvRecord, CsvRow } from './types.js';

/**
 * Rows (or batches of rows) of a CSV file with a header line, streamed (job-iteration `csv` /
 * `csv_on_batches`). The file must not change while jobs over it are in flight: a cursor whose offset
 * no longer falls on a line break is refused rather than resumed in the middle of a row.
 */
export function csvEnumerator(path: string, options: CsvBatchOptions): CursorEnumerable<CsvRow[], CsvCursor>;
export function csvEnumerator(path: string, options: CsvOptions): CursorEnumerable<CsvRow, CsvCursor>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the overloads above give the precise item type
export function csvEnumerator(path: string, options: CsvOptions & { batchSize?: number }): CursorEnumerable<any, CsvCursor> {
  const batchSize = options.batchSize;
  if (batchSize !== undefined && (!Number.isSafeInteger(batchSize) || batchSize < 1)) {
    throw new InvalidEnumeratorOptionsError('csv', `batchSize must be a positive integer, got ${String(batchSize)}`, 'e.g. { cursor, batchSize: 100 }');
  }
  const cursor = parseCsvCursor(options.cursor);
  return new CursorEnumerable(batchSize ? 'csv(batches)' : 'csv', { cursor: options.cursor }, async function* (): AsyncGenerator<readonly [CsvRow | CsvRow[], CsvCursor]> {
    const header = await readHeader(path);
    const from = cursor ? await checkedOffset(path, cursor[1], header.end) : header.end;
    let index = cursor ? cursor[0] + 1 : 0;
    let batch: CsvRow[] = [];
    let last: CsvCursor | undefined;
    for await (const record of recordsFrom(path, from, index)) {
      const row = toRow(path, header.fields, record, index);
      const rowCursor = [index, record.end] as const;
      index++;
      if (!batchSize) {
        yield [row, rowCursor] as const;
        continue;
      }
      batch.push(row);
      last = rowCursor;
      if (batch.length === batchSize) {
        yield [batch, last] as const;
        batch = [];
      }
    }
    if (batch.length > 0 && last) yield [batch, last] as const;
  }, async () => {
    const rows = await countDataRows(path);
    return batchSize ? Math.ceil(rows / batchSize) : rows;
  });
}

/** Data rows in the file (the header line not counted; quoted line breaks stay inside their row). */
async function countDataRows(path: string): Promise<number> {
  let records = 0;
  for await (const _record of recordsFrom(path, 0, -1)) records++;
  return Math.max(0, records - 1);
}

async function* recordsFrom(path: string, from: number, firstIndex: number): AsyncGenerator<CsvRecord> {
  const stream = createReadStream(path, { start: from, highWaterMark: 64 * 1024 });
  let index = firstIndex;
  try {
    for await (const record of readCsvRecords(stream as AsyncIterable<Buffer>, from)) {
      yield record;
      index++;
    }
  } catch (error) {
    if (error instanceof CsvSyntaxProblem) throw new CsvParseError(path, index, error.offset, error.problem);
    throw error;
  } finally {
    stream.destroy();
  }
}

async function readHeader(path: string): Promise<CsvRecord> {
  for await (const record of recordsFrom(path, 0, -1)) {
    // A UTF-8 byte order mark would otherwise become part of the first column's name.
    record.fields[0] = record.fields[0]!.replace(/^\uFEFF/, '');
    return record;
  }
  throw new CsvParseError(path, -1, 0, 'the file is empty; a header line naming the columns is required');
}

function toRow(path: string, names: string[], record: CsvRecord, index: number): CsvRow {
  if (record.fields.length !== names.length) {
    throw new CsvParseError(path, index, record.start, `${record.fields.length} fields where the header names ${names.length}`);
  }
  const row: CsvRow = {};
  names.forEach((name, i) => (row[name] = record.fields[i]!));
  return row;
}

function parseCsvCursor(cursor: unknown): CsvCursor | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  if (Array.isArray(cursor) && cursor.length === 2 && cursor.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    return cursor as unknown as CsvCursor;
  }
  throw new InvalidEnumeratorOptionsError('csv', `cursor ${JSON.stringify(cursor)} is not [row, byteOffset]`, 'pass the cursor buildEnumerator received');
}

/** The offset must lie inside the file, after the header, right after a line break. */
async function checkedOffset(path: string, offset: number, headerEnd: number): Promise<number> {
  const { size } = await stat(path);
  let ok = offset >= headerEnd && offset <= size;
  if (ok && offset > 0) {
    const handle = await open(path, 'r');
    try {
      const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, offset - 1);
      ok = buffer[0] === 0x0a || buffer[0] === 0x0d;
    } finally {
      await handle.close();
    }
  }
  if (!ok) {
    throw new InvalidEnumeratorOptionsError(
      'csv',
      `cursor offset ${offset} is not the start of a row in ${path} (${size} bytes): the file changed since the checkpoint`,
      'restore the file, or delete the job\'s checkpoint to start over',
    );
  }
  return offset;
}
