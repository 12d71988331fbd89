import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions, ParallelCursor } from 'resumable-jobs/iteration';
import { batchFilters, batches, parallelBatches, parallelRecords, records } from 'resumable-jobs/mikro-orm';
import { countQueries } from '../../src/domain/count-queries.js';
import { EffectKey } from '../../src/domain/entities/effect-key.js';
import { itemsDone } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';
import { openSpecDatabase, seedPlainItems } from './support/spec-database.js';
import { SpecDelivery, SpecItem, SpecLine } from './support/spec-entities.js';

/** Every [item, cursor] pair an enumerator yields, in order. */
async function pairs<I, C>(enumeration: AsyncIterable<readonly [I, C]>): Promise<(readonly [I, C])[]> {
  const out: (readonly [I, C])[] = [];
  for await (const pair of enumeration) out.push(pair);
  return out;
}

/** Touches the items of a family in batches, one execution per batch (the worker's item budget). */
class TouchInBatches extends RecordingJob<{ family: string }, SpecItem[], number> {
  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<number>) {
    return batches(this.services.orm.em, SpecItem, { family }, { cursor, batchSize: 2 });
  }
  async eachIteration(batch: SpecItem[]) {
    for (const item of batch) await this.record(item.id);
  }
}

/** The same items across three parallel jobs, partitioned by id. */
class TouchInParallel extends RecordingJob<{ family: string }, SpecItem, ParallelCursor> {
  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<ParallelCursor>) {
    return parallelRecords(this.services.orm.em, SpecItem, { family }, { instances: 3, cursor, batchSize: 2 });
  }
  async eachIteration(item: SpecItem) {
    await this.record(item.id);
  }
}

const day = (iso: string) => new Date(`${iso}T00:00:00`);

describe("the records and batches enumerators, case by case against job-iteration's ActiveRecord suites", () => {
  let spec: IterationSpec;
  let ids: number[];
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [TouchInBatches, TouchInParallel], { database: openSpecDatabase });
    ids = await seedPlainItems(spec.orm, 'keyset', 6);
    // Ids ascend with insertion; the days do not, and two deliveries share a day.
    await spec.orm.em.fork().execute(
      `insert into spec_iteration_deliveries (family, due_on) values ('days', '2025-10-20'), ('days', '2025-01-30'), ('days', '2025-01-10'), ('days', '2025-01-20'), ('days', '2025-01-20')`,
    );
    await spec.orm.em.fork().execute(
      `insert into spec_iteration_lines (order_id, line_no, family) values (2, 1, 'lines'), (1, 2, 'lines'), (1, 1, 'lines'), (2, 2, 'lines')`,
    );
    await spec.startWorker({ itemBudget: 1 });
  });

  it('a date column orders the rows and its cursor is the ISO 8601 day; records and batches resume after it', async () => {
    const em = spec.orm.em.fork();
    const all = await pairs(records<SpecDelivery, [string, number]>(em, SpecDelivery, { family: 'days' }, { cursor: undefined, columns: ['dueOn', 'id'], batchSize: 2 }));
    const days = all.map(([, cursor]) => cursor[0]);
    expect(days).toEqual(['2025-01-10', '2025-01-20', '2025-01-20', '2025-01-30', '2025-10-20']);
    expect(all[0]![0].dueOn).toEqual(day('2025-01-10'));

    // Resumed after the first of the two deliveries due on the same day: the second one comes next.
    const resumed = await pairs(records<SpecDelivery, [string, number]>(em, SpecDelivery, { family: 'days' }, { cursor: all[1]![1], columns: ['dueOn', 'id'], batchSize: 2 }));
    expect(resumed.map(([, cursor]) => cursor)).toEqual(all.slice(2).map(([, cursor]) => cursor));

    const dayBatches = await pairs(batches<SpecDelivery, string>(em, SpecDelivery, { family: 'days', id: { $ne: all[2]![0].id } }, { cursor: '2025-01-10', columns: ['dueOn'], batchSize: 2 }));
    expect(dayBatches.map(([rows, cursor]) => [rows.map((row) => row.id), cursor])).toEqual([
      [[all[1]![0].id, all[3]![0].id], '2025-01-30'],
      [[all[4]![0].id], '2025-10-20'],
    ]);
  });

  it('batches: a job stopped after each batch resumes at the batch after the stored cursor', async () => {
    const jobId = await spec.enqueue(TouchInBatches, { family: 'keyset' });
    const stopped = await spec.events.next(jobId, 'iteration.interrupted');
    expect(stopped.cursor).toBe(ids[1]);
    await spec.settled(jobId, 'completed');
    expect(await itemsDone(spec.orm, jobId)).toEqual(ids);
    expect(spec.events.of(jobId, 'iteration.build-enumerator').map((event) => event.cursor)).toEqual([null, ids[1], ids[3], ids[5]]);
  });

  it('batches run one query per batch, plus one that finds the end after a full last batch (counted on the connection)', async () => {
    const full = await countQueries(spec.orm, () => pairs(batches(spec.orm.em.fork(), SpecItem, { family: 'keyset' }, { cursor: undefined, batchSize: 2 })));
    expect(full.result).toHaveLength(3);
    expect(full.queries).toBe(3 + 1);
    // A short last batch is the end already: no query to find it.
    const short = await countQueries(spec.orm, () => pairs(batches(spec.orm.em.fork(), SpecItem, { family: 'keyset' }, { cursor: ids[0], batchSize: 2 })));
    expect(short.result).toHaveLength(3);
    expect(short.queries).toBe(3);
    // The same over a two-column key: two full batches of lines, then the query that finds the end.
    const lines = await countQueries(spec.orm, () => pairs(batches(spec.orm.em.fork(), SpecLine, { family: 'lines' }, { cursor: undefined, batchSize: 2 })));
    expect(lines.result).toHaveLength(2);
    expect(lines.queries).toBe(2 + 1);
  });

  it('every page query is an iteration.page-query event with its rows and duration', async () => {
    const jobId = await spec.enqueue(TouchInBatches, { family: 'keyset' });
    await spec.settled(jobId, 'completed');
    const queries = spec.events.of(jobId, 'iteration.page-query');
    expect(queries.map(({ builder, after, rows }) => [builder, after, rows])).toEqual([
      ['batches(SpecItem)', null, 2],
      ['batches(SpecItem)', ids[1], 2],
      ['batches(SpecItem)', ids[3], 2],
      ['batches(SpecItem)', ids[5], 0],
    ]);
    for (const query of queries) expect(query.durationMs).toBeGreaterThan(0);
  });

  it('a composite key: cursors hold exactly the columns named, and every key column is read whatever the columns', async () => {
    const em = spec.orm.em.fork();
    const byOrder = await countQueries(spec.orm, () =>
      pairs(batches<SpecLine, [number, string]>(em, SpecLine, { family: 'lines' }, { cursor: undefined, columns: ['orderId', 'family'], fields: ['family'], batchSize: 10 })),
    );
    const [[rows, cursor]] = byOrder.result as [[SpecLine[], [number, string]]];
    expect(cursor).toEqual([2, 'lines']);
    expect(rows.map((row) => [row.orderId, row.lineNo])).toEqual(expect.arrayContaining([[1, 1], [1, 2], [2, 1], [2, 2]]));
    // Every key column read, each once, though `columns` named one of them and `fields` none.
    const selected = /^select (.*?) from/i.exec(byOrder.statements[0]!)![1]!;
    expect(selected.split(', ').sort()).toEqual(['"r"."family"', '"r"."line_no"', '"r"."order_id"']);

    const pairsOnly = await pairs(records<SpecLine, [string, number, number]>(em, SpecLine, { family: 'lines' }, { cursor: undefined, columns: ['family', 'orderId', 'lineNo'], batchSize: 3 }));
    expect(pairsOnly.map(([, c]) => c)).toEqual([['lines', 1, 1], ['lines', 1, 2], ['lines', 2, 1], ['lines', 2, 2]]);
  });

  it('records and batches know their size by a count query, the whole scope whatever the cursor', async () => {
    const em = spec.orm.em.fork();
    expect(await records(em, SpecItem, { family: 'keyset' }, { cursor: ids[3] }).size()).toBe(6);
    expect(await records(em, SpecItem, { family: 'keyset' }, { cursor: undefined, fields: ['id'] }).size()).toBe(6);
    expect(await batches(em, SpecItem, { family: 'keyset' }, { cursor: undefined, batchSize: 4 }).size()).toBe(2);
    expect(await batches(em, SpecItem, { family: 'keyset' }, { cursor: undefined, batchSize: 4, fields: ['id'] }).size()).toBe(2);
  });

  it('batch filters: each batch as a filter selecting exactly its rows, the scope kept, only keys read', async () => {
    const em = spec.orm.em.fork();
    const read = await countQueries(spec.orm, () => pairs(batchFilters(em, SpecItem, { family: 'keyset', id: { $ne: ids[0] } }, { cursor: undefined, batchSize: 2 })));
    const filters = read.result;
    expect(filters.map(([, cursor]) => cursor)).toEqual([ids[2], ids[4], ids[5]]);
    expect(read.statements[0]).toMatch(/^select "r"\."id" from/i);
    // Nothing loaded yet: a filter, which the job's own EntityManager loads (or updates) when it wants.
    const loaded = await Promise.all(filters.map(([filter]) => spec.orm.em.fork().find(SpecItem, filter, { orderBy: { id: 'asc' } })));
    expect(loaded.map((rows) => rows.map((row) => row.id))).toEqual([ids.slice(1, 3), ids.slice(3, 5), ids.slice(5)]);
    expect(await batchFilters(em, SpecItem, { family: 'keyset' }, { cursor: undefined, batchSize: 4 }).size()).toBe(2);
  });

  it('parallel records: partitions by integer key cover the scope once, near-equal; a composite or text key is refused', async () => {
    const parentId = await spec.enqueue(TouchInParallel, { family: 'keyset' });
    const children = [0, 1, 2].map((i) => `${parentId}-part-${i}-of-3`);
    await Promise.all(children.map((id) => spec.settled(id, 'completed')));
    const partitions = await Promise.all(children.map((id) => itemsDone(spec.orm, id)));
    expect(partitions.flat().sort((a, b) => a - b)).toEqual(ids);
    const lengths = partitions.map((partition) => partition.length);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);

    const em = spec.orm.em.fork();
    const partitioned = parallelRecords(em, SpecItem, { family: 'keyset' }, { instances: 3, cursor: { instance: 1, instances: 3, innerCursor: null } });
    expect(await (partitioned as { size(): Promise<number | undefined> }).size()).toBe(2);
    const first = { instance: 0, instances: 3, innerCursor: null };
    expect(() => parallelRecords(em, SpecLine, {}, { instances: 3, cursor: first })).toThrow(/no single integer primary key/);
    expect(() => parallelBatches(em, EffectKey, {}, { instances: 3, cursor: first })).toThrow(/no single integer primary key/);
  });
});
