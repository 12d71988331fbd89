import { describe, expect, it } from 'vitest';
import { InvalidEnumeratorOptionsError, KeysetPageError } from './errors.js';
import { keysetBatchesEnumerator, keysetEnumerator } from './keyset.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

interface Row {
  id: number;
  name: string;
}
const table: Row[] = [3, 5, 8, 13, 21].map((id) => ({ id, name: `row ${id}` }));

/** A page query as a database runs it: rows after the key, by key, at most `limit`; each call logged. */
function pagesOf(rows: Row[], calls: [number | undefined, number][] = []) {
  return (after: number | undefined, limit: number) => {
    calls.push([after, limit]);
    return rows.filter((row) => after === undefined || row.id > after).slice(0, limit);
  };
}

describe('enumerate.keyset over a page-fetch function', () => {
  it('yields each row with its id as cursor, a page at a time, and stops on a short page', async () => {
    const calls: [number | undefined, number][] = [];
    const pairs = await collect(keysetEnumerator(pagesOf(table, calls), { cursor: undefined, batchSize: 2 }));
    expect(pairs.map(([row, cursor]) => [row.name, cursor])).toEqual([['row 3', 3], ['row 5', 5], ['row 8', 8], ['row 13', 13], ['row 21', 21]]);
    expect(calls).toEqual([[undefined, 2], [5, 2], [13, 2]]);
  });

  it('resumes strictly after the cursor it is given, and asks one more page when the last one was full', async () => {
    const calls: [number | undefined, number][] = [];
    expect((await collect(keysetEnumerator(pagesOf(table, calls), { cursor: 8, batchSize: 2 }))).map(([, cursor]) => cursor)).toEqual([13, 21]);
    expect(calls).toEqual([[8, 2], [21, 2]]);
    expect(await collect(keysetEnumerator(pagesOf(table), { cursor: 21 }))).toEqual([]);
  });

  it('takes a cursor of several columns from cursorOf, and async pages', async () => {
    const rows = [{ day: '2024-01-01', id: 9 }, { day: '2024-01-02', id: 1 }, { day: '2024-01-02', id: 4 }];
    const fetchPage = async (after: readonly [string, number] | undefined, limit: number) =>
      rows.filter((row) => after === undefined || row.day > after[0] || (row.day === after[0] && row.id > after[1])).slice(0, limit);
    const enumerator = keysetEnumerator(fetchPage, { cursor: ['2024-01-01', 9], batchSize: 1, cursorOf: (row) => [row.day, row.id] as const });
    expect((await collect(enumerator)).map(([, cursor]) => cursor)).toEqual([['2024-01-02', 1], ['2024-01-02', 4]]);
  });

  it('keysetBatches yields whole pages with the last row\'s cursor', async () => {
    const pages = await collect(keysetBatchesEnumerator(pagesOf(table), { cursor: 3, batchSize: 3 }));
    expect(pages.map(([rows, cursor]) => [rows.map((row) => row.id), cursor])).toEqual([[[5, 8, 13], 13], [[21], 21]]);
  });

  it('refuses bad options when built, before any page is fetched', () => {
    const fetchPage = pagesOf(table);
    const refused = (options: object, pattern: RegExp) =>
      expect(() => keysetEnumerator(fetchPage, options as never)).toThrow(expect.objectContaining({ name: InvalidEnumeratorOptionsError.name, message: expect.stringMatching(pattern) }));
    refused({ cursor: undefined, batchSize: 0 }, /batchSize must be an integer from 1 to 10000/);
    refused({ cursor: undefined, limit: 5 }, /unknown option "limit"/);
    refused({ cursor: undefined, cursorOf: 'id' }, /cursorOf must be a function/);
    refused({ cursor: new Date(0) }, /a Date/);
    expect(() => keysetEnumerator('select * from t' as never, { cursor: undefined })).toThrow(/fetchPage must be a function/);
  });

  it('fails loudly on a page that would repeat rows or loop: a row not after the cursor, no cursor, not an array', async () => {
    await expect(collect(keysetEnumerator(() => table, { cursor: 5 }))).rejects.toThrow(expect.objectContaining({ name: KeysetPageError.name, message: expect.stringMatching(/cursor 3, which is not after 5/) }));
    await expect(collect(keysetEnumerator(() => [{ id: 2 }, { id: 1 }], { cursor: undefined }))).rejects.toThrow(/cursor 1, which is not after 2/);
    await expect(collect(keysetEnumerator(() => [{ key: 1 }], { cursor: undefined }))).rejects.toThrow(/is not a JSON cursor.*pass cursorOf/);
    await expect(collect(keysetEnumerator(() => ({ rows: [] }) as never, { cursor: undefined }))).rejects.toThrow(/not an array of rows/);
  });
});
