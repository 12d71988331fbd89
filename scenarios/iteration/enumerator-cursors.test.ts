import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enumeratorBuilder as enumerate } from 'resumable-jobs/iteration';
import { records, batches } from 'resumable-jobs/mikro-orm';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { openSpecDatabase, seedGroup, seedPlainItems } from './support/spec-database.js';
import { SpecItem, SpecLine } from './support/spec-entities.js';

/** Every [item, cursor] pair an enumerator yields, in order. */
async function pairs<I, C>(enumeration: AsyncIterable<readonly [I, C]>): Promise<(readonly [I, C])[]> {
  const out: (readonly [I, C])[] = [];
  for await (const pair of enumeration) out.push(pair);
  return out;
}
const cursors = async <I, C>(enumeration: AsyncIterable<readonly [I, C]>) => (await pairs(enumeration)).map(([, cursor]) => cursor);

const SCRAMBLED_IDS = [900_004, 900_001, 900_005, 900_002, 900_003];

describe('the cursor each enumerator builder yields, which a resume hands back', () => {
  let spec: IterationSpec;
  let ids: number[];
  let dir: string;
  let csvFile: string;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [], { database: openSpecDatabase });
    ids = await seedPlainItems(spec.orm, 'cursors', 5);
    // As Sidekiq's records case does: ids inserted out of key order, so only the query's ORDER BY puts them in order.
    await spec.orm.em.fork().execute(
      `insert into spec_iteration_items (id, family, updated_at) values ${SCRAMBLED_IDS.map((id) => `(${id}, 'scrambled', now())`).join(', ')}`,
    );
    await spec.orm.em.fork().execute(
      `insert into spec_iteration_lines (order_id, line_no, family) values (2, 1, 'lines'), (1, 2, 'lines'), (1, 1, 'lines'), (2, 2, 'lines'), (3, 1, 'lines')`,
    );
    dir = await mkdtemp(join(tmpdir(), 'iteration-cursors-'));
    csvFile = join(dir, 'people.csv');
    await writeFile(csvFile, 'id,name\n1,Ada\n2,Grace\n3,Linus\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('once: a single item with cursor 0, and nothing once resumed after it', async () => {
    expect(await cursors(enumerate.once({ cursor: undefined }))).toEqual([0]);
    expect(await cursors(enumerate.once({ cursor: 0 }))).toEqual([]);
  });

  it('records: each row with its primary key; resumed after a key, the rows after it', async () => {
    const em = spec.orm.em.fork();
    expect(await cursors(records(em, SpecItem, { family: 'cursors' }, { cursor: undefined, batchSize: 2 }))).toEqual(ids);
    expect(await cursors(records(em, SpecItem, { family: 'cursors' }, { cursor: ids[2], batchSize: 2 }))).toEqual(ids.slice(3));
    const inKeyOrder = [...SCRAMBLED_IDS].sort((a, b) => a - b);
    expect(await cursors(records(em, SpecItem, { family: 'scrambled' }, { cursor: undefined, batchSize: 2 }))).toEqual(inKeyOrder);
    expect(await cursors(records(em, SpecItem, { family: 'scrambled' }, { cursor: inKeyOrder[1], batchSize: 2 }))).toEqual(inKeyOrder.slice(2));
  });

  it('batches: each batch with the key of its last row', async () => {
    const pages = await pairs(batches(spec.orm.em.fork(), SpecItem, { family: 'cursors' }, { cursor: undefined, batchSize: 2 }));
    expect(pages.map(([rows, cursor]) => [rows.map((row) => row.id), cursor])).toEqual([
      [ids.slice(0, 2), ids[1]],
      [ids.slice(2, 4), ids[3]],
      [ids.slice(4), ids[4]],
    ]);
  });

  it('records and batches over an empty scope yield nothing', async () => {
    const em = spec.orm.em.fork();
    expect(await pairs(records(em, SpecItem, { family: 'no-such-family' }, { cursor: undefined }))).toEqual([]);
    expect(await pairs(batches(em, SpecItem, { family: 'no-such-family' }, { cursor: undefined, batchSize: 2 }))).toEqual([]);
  });

  it('records over a two-column primary key: the cursor is the [orderId, lineNo] pair, in key order', async () => {
    const em = spec.orm.em.fork();
    const all = await cursors(records<SpecLine, [number, number]>(em, SpecLine, { family: 'lines' }, { cursor: undefined, batchSize: 2 }));
    expect(all).toEqual([[1, 1], [1, 2], [2, 1], [2, 2], [3, 1]]);
    const rest = await cursors(records<SpecLine, [number, number]>(em, SpecLine, { family: 'lines' }, { cursor: [1, 2], batchSize: 2 }));
    expect(rest).toEqual([[2, 1], [2, 2], [3, 1]]);
  });

  it('csv: each row with [row index, byte offset after it]; batches with their last row\'s', async () => {
    expect(await cursors(enumerate.csv(csvFile, { cursor: undefined }))).toEqual([[0, 14], [1, 22], [2, 30]]);
    const pages = await pairs(enumerate.csv(csvFile, { cursor: undefined, batchSize: 2 }));
    expect(pages.map(([rows, cursor]) => [rows.map((row) => row.id), cursor])).toEqual([
      [['1', '2'], [1, 22]],
      [['3'], [2, 30]],
    ]);
  });

  it('nested: the innermost item with the outer item named in the cursor; a single level works alone', async () => {
    const { groupId, itemIds } = await seedGroup(spec.orm, 'nested-cursors', 1, [1, 2]);
    const em = spec.orm.em.fork();
    const nested = enumerate.nested(
      [
        (cursor: number | undefined) => enumerate.array(['only'], { cursor }),
        (_outer: string, cursor: number | undefined) => records(em, SpecItem, { groupId }, { cursor }),
      ],
      { cursor: undefined },
    );
    expect(await cursors(nested)).toEqual([
      [[null, 0], itemIds[0]],
      [[null, 0], itemIds[1]],
    ]);
    const single = enumerate.nested([(cursor: number | undefined) => enumerate.array(['a', 'b'], { cursor })] as never, { cursor: undefined });
    expect(await pairs(single)).toEqual([
      ['a', [0]],
      ['b', [1]],
    ]);
  });

  it('nested takes only functions as levels', () => {
    expect(() => enumerate.nested([enumerate.array(['a'], { cursor: undefined })] as never, { cursor: undefined })).toThrow(/levels must be a non-empty array of functions/);
    expect(() => enumerate.nested([] as never, { cursor: undefined })).toThrow(/levels must be a non-empty array of functions/);
  });

  it('throttle can only wrap an enumerator', () => {
    expect(() => enumerate.throttle(42 as never, { throttleOn: () => false, backoffMs: 10 })).toThrow(
      /throttle.*expected an enumerator to wrap, got/,
    );
    expect(() => enumerate.throttle(enumerate.once({ cursor: undefined }), { throttleOn: () => false, backoffMs: 10 })).not.toThrow();
  });
});
