import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvParseError, InvalidEnumeratorOptionsError } from './errors.js';
import { csvEnumerator } from './csv.js';
import type { CsvCursor } from './types.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe('enumerate.csv: rows keyed by the header, resumed by byte offset', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iteration-csv-'));
    file = join(dir, 'customers.csv');
    await writeFile(file, '\uFEFFid,name\n1,Ada\n2,"Lovelace, A."\n3,Grace\n4,Hopper\n5,Linus\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('yields rows as objects with [row, byteOffset] cursors', async () => {
    const pairs = await collect(csvEnumerator(file, { cursor: undefined }));
    expect(pairs.map(([row]) => row)).toEqual([
      { id: '1', name: 'Ada' }, { id: '2', name: 'Lovelace, A.' }, { id: '3', name: 'Grace' }, { id: '4', name: 'Hopper' }, { id: '5', name: 'Linus' },
    ]);
    expect(pairs.map(([, cursor]) => cursor[0])).toEqual([0, 1, 2, 3, 4]);
  });

  it('resumes strictly after the cursor', async () => {
    const all = await collect(csvEnumerator(file, { cursor: undefined }));
    const rest = await collect(csvEnumerator(file, { cursor: all[1]![1] }));
    expect(rest).toEqual(all.slice(2));
  });

  it('yields batches whose cursor is the last row of the batch', async () => {
    const batches = await collect(csvEnumerator(file, { cursor: undefined, batchSize: 2 }));
    expect(batches.map(([rows]) => rows.map((r) => r.id))).toEqual([['1', '2'], ['3', '4'], ['5']]);
    const rest = await collect(csvEnumerator(file, { cursor: batches[0]![1], batchSize: 2 }));
    expect(rest.map(([rows]) => rows.map((r) => r.id))).toEqual([['3', '4'], ['5']]);
  });

  it('has the number of data rows as its size, the header not counted, the same when resumed', async () => {
    expect(await csvEnumerator(file, { cursor: undefined }).size()).toBe(5);
    expect(await csvEnumerator(file, { cursor: [2, 0] }).size()).toBe(5);
  });

  it('in batches has the number of batches as its size, the same when resumed', async () => {
    expect(await csvEnumerator(file, { cursor: undefined, batchSize: 2 }).size()).toBe(3);
    expect(await csvEnumerator(file, { cursor: undefined, batchSize: 5 }).size()).toBe(1);
    const [first] = await collect(csvEnumerator(file, { cursor: undefined, batchSize: 2 }));
    expect(await csvEnumerator(file, { cursor: first![1], batchSize: 2 }).size()).toBe(3);
  });

  it('refuses a cursor whose offset is not the start of a row (the file changed)', async () => {
    const cursor: CsvCursor = [1, 20];
    const run = collect(csvEnumerator(file, { cursor }));
    await expect(run).rejects.toBeInstanceOf(InvalidEnumeratorOptionsError);
  });

  it('names the row of a malformed record', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'id,name\n1,Ada\n2\n');
    await expect(collect(csvEnumerator(bad, { cursor: undefined }))).rejects.toThrow(CsvParseError);
    await expect(collect(csvEnumerator(bad, { cursor: undefined }))).rejects.toThrow(/data row 1 .*1 fields where the header names 2/);
  });
});
