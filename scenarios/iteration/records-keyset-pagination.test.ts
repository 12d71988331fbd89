import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../src/domain/entities/order.js';
import { enumeratorBuilder } from 'resumable-jobs/iteration';

import { InvalidEnumeratorOptionsError } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { records, planKeyset, keysetPageQuery, UnsupportedCursorColumnError } from 'resumable-jobs/mikro-orm';
import { itemsDone, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';
import { openSpecDatabase, seedItems, seedPlainItems } from './support/spec-database.js';
import { SpecItem } from './support/spec-entities.js';

type UpdatedCursor = [string, number];

/** Re-indexes items in the order they were last updated: cursor [updatedAt, id], ties broken by id. */
class ReindexByUpdatedAt extends RecordingJob<{ family: string }, SpecItem, UpdatedCursor> {
  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<UpdatedCursor>) {
    return records(this.services.orm.em, SpecItem, { family }, { cursor, columns: ['updatedAt', 'id'], batchSize: 2 });
  }

  async eachIteration(item: SpecItem) {
    await this.record(item.id);
  }
}

/** Tries to order orders by their microsecond creation time. */
class OrdersByCreation extends RecordingJob<Record<string, never>, unknown, UpdatedCursor> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<UpdatedCursor>) {
    return records(this.services.orm.em, Order, {}, { cursor, columns: ['createdAt', 'id'] });
  }
  async eachIteration() {}
}

const at = (second: number) => new Date(Date.UTC(2024, 4, 1, 12, 0, second, 250));

type Args = { family: string; clause: Record<string, unknown>; inWhere?: boolean };

/** Passes its own ORDER BY / LIMIT / OFFSET to the records enumerator, which owns those clauses. */
class OrderedItems extends RecordingJob<Args, SpecItem, number> {
  buildEnumerator({ family, clause, inWhere }: Args, { cursor }: BuildEnumeratorOptions<number>) {
    const where = inWhere ? { family, ...clause } : { family };
    const options = inWhere ? { cursor } : { cursor, ...clause };
    return records(this.services.orm.em, SpecItem, where as never, options);
  }

  async eachIteration(item: SpecItem) {
    await this.record(item.id);
  }
}

const ROWS = 10_000;
const BATCH = 100;

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

describe('the records enumerator: keyset pagination over a MikroORM entity', () => {
  let spec: IterationSpec;
  let ids: number[];
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [ReindexByUpdatedAt, OrdersByCreation, OrderedItems], { database: openSpecDatabase });
    await seedPlainItems(spec.orm, 'ordered', 3);
    ids = await seedPlainItems(spec.orm, 'cost', ROWS);
    await spec.orm.em.fork().execute('analyze spec_iteration_items');
    await spec.startWorker({ itemBudget: 2 });
  });

  it('with a two-column cursor [updatedAt, id], resumes after the exact pair, through ties, with no item repeated or skipped', async () => {
    // Ids ascend in insertion order, but updatedAt does not, and three items share the same second.
    const seconds = [30, 10, 20, 20, 10, 20, 5];
    const ids = await seedItems(spec.orm, 'two-columns', seconds.map((s) => ({ updatedAt: at(s) })));
    const expectedOrder = ids.map((id, i) => ({ id, second: seconds[i]! })).sort((a, b) => a.second - b.second || a.id - b.id);

    const jobId = await spec.enqueue(ReindexByUpdatedAt, { family: 'two-columns' }, { jobId: 'two-columns' });
    await spec.settled(jobId, 'completed');

    expect(await itemsDone(spec.orm, jobId)).toEqual(expectedOrder.map((row) => row.id));
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    // Each checkpoint is the pair of the last completed item; a Date is stored as its ISO string.
    expect(spec.events.of(jobId, 'iteration.interrupted').map((e) => e.cursor)).toEqual(
      [1, 3, 5].map((i) => [at(expectedOrder[i]!.second).toISOString(), expectedOrder[i]!.id]),
    );
  });

  it('refuses a microsecond timestamp cursor column, whose Date cursor would round and repeat rows', async () => {
    const jobId = await spec.enqueue(OrdersByCreation, {}, { jobId: 'microseconds', attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain('Cannot use Order.createdAt as a cursor column');
    expect(job.failedReason).toContain('.length(3)');
    expect(job.stacktrace?.join('\n')).toContain(UnsupportedCursorColumnError.name);
    expect(job.attemptsMade).toBe(1);
  });

  it.each([
    { name: 'options.orderBy', clause: { orderBy: { id: 'desc' } } },
    { name: 'options.limit', clause: { limit: 2 } },
    { name: 'options.offset', clause: { offset: 1 } },
    { name: 'where.orderBy', clause: { orderBy: { id: 'desc' } }, inWhere: true },
  ])('refuses a query with its own ORDER BY, LIMIT or OFFSET ($name) before any item, without retries', async ({ name, clause, inWhere }) => {
    const jobId = await spec.enqueue(OrderedItems, { family: 'ordered', clause, inWhere }, { jobId: `refused-${name.replace('.', '-')}`, attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain(`sets ${name}`);
    expect(job.failedReason).toContain('cannot use ORDER BY, LIMIT or OFFSET');
    expect(job.failedReason).toContain('`columns`');
    expect(job.attemptsMade).toBe(1);
    expect(await itemsDone(spec.orm, jobId)).toEqual([]);
    // Refused while building the enumerator: no callback ran.
    expect(spec.callbacks.counts(jobId)).toEqual({ onStart: 0, onResume: 0, onShutdown: 0, onComplete: 0 });
  });

  /** EXPLAIN ANALYZE of the exact query the enumerator runs for the page after `cursor`. */
  async function explainPage(cursor: number | undefined, offset?: number) {
    const em = spec.orm.em.fork();
    const plan = planKeyset('records', em, SpecItem, { family: 'cost' }, { cursor, batchSize: BATCH });
    const qb = keysetPageQuery(em, plan, cursor);
    if (offset !== undefined) qb.offset(offset);
    const [row] = await em.execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
      `explain (analyze, format json) ${qb.getFormattedQuery()}`,
    );
    const { Plan } = row!['QUERY PLAN'][0];
    const scans = nodes(Plan).filter((node) => node['Node Type'].includes('Scan'));
    return { types: nodes(Plan).map((node) => node['Node Type']), rowsRead: scans.reduce((sum, node) => sum + node['Actual Rows'] * node['Actual Loops'], 0) };
  }

  it('reads one page of rows through the index from the cursor, at row 0 as at row 9,000 of 10,000 (no OFFSET scan)', async ({ annotate }) => {
    const atStart = await explainPage(undefined);
    const at9000 = await explainPage(ids[8_999]);
    const withOffset = await explainPage(undefined, 9_000);

    for (const plan of [atStart, at9000]) {
      expect(plan.types).not.toContain('Seq Scan');
      expect(plan.types).not.toContain('Sort');
      expect(plan.rowsRead).toBe(BATCH);
    }
    // What keyset pagination avoids: OFFSET walks past every skipped row.
    expect(withOffset.rowsRead).toBe(9_000 + BATCH);

    await annotate(`rows read: ${atStart.rowsRead} at cursor 0, ${at9000.rowsRead} at row 9,000 (OFFSET 9000 would read ${withOffset.rowsRead})`);
  });

  it('with fields, reads only those columns (and the cursor\'s) as partial entities, in the same keyset order', async () => {
    const rows = async (fields?: string[]) => {
      const iterator = records(spec.orm.em, SpecItem, { family: 'cost' }, { cursor: ids[99], batchSize: 50, ...(fields ? { fields } : {}) })[Symbol.asyncIterator]();
      const read: Record<string, unknown>[] = [];
      for (let next = await iterator.next(); !next.done && read.length < 60; next = await iterator.next()) read.push(next.value[0] as Record<string, unknown>);
      await iterator.return?.();
      return read;
    };
    const whole = await rows();
    const partial = await rows(['updatedAt']);

    expect(partial.map((row) => row.id)).toEqual(ids.slice(100, 160));
    expect(partial.map((row) => (row.updatedAt as Date).getTime())).toEqual(whole.map((row) => (row.updatedAt as Date).getTime()));
    expect(partial[0]!.updatedAt).toBeInstanceOf(Date);
    expect(partial.every((row) => row.family === undefined && row.position === undefined)).toBe(true);
    expect(whole[0]!.family).toBe('cost');
    expect(() => records(spec.orm.em, SpecItem, {}, { cursor: undefined, fields: ['nope'] })).toThrow(InvalidEnumeratorOptionsError);
  });
});
