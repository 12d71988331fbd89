// Section 8: the `records` and `batches` builders' page fetch against the same keyset query in plain
// SQL, steady state (each sample reads the next page of 100 of an open enumeration), and the fetch as
// it was before (a QueryBuilder built and its rows hydrated into an identity map for every page).
import { Bench } from 'tinybench';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '../../src/domain/entities/order.js';
import { enumeratorBuilder } from 'resumable-jobs/iteration';
import { records, batches, planKeyset, keysetPageQuery } from 'resumable-jobs/mikro-orm';

import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { BenchmarkCheckFailedError } from './errors.js';
import { pairedRatios, spreadOf } from './spread.js';
import { ratioTarget } from './targets.js';
import type { Figure } from './types.js';

const SQL_ALL = 'plain keyset SQL, all columns';
const SQL_ID = 'plain keyset SQL, id only';
const RECORDS = 'records, entities (all columns)';
const RECORDS_ID = "records, fields: ['id']";
const BATCHES = 'batches, entities (all columns)';
const BATCHES_ID = "batches, fields: ['id']";
const BEFORE = 'before: QueryBuilder + identity map per page';

/** An endless source of pages: opens the enumeration again when it runs out. */
function pageSource(open: () => AsyncIterator<unknown>, itemsPerPage: number): () => Promise<number> {
  let iterator = open();
  return async () => {
    let read = 0;
    while (read < itemsPerPage) {
      const next = await iterator.next();
      if (next.done) iterator = open();
      else read++;
    }
    return read;
  };
}

export const pageFetch: Section = {
  number: 8,
  title: "The builders' page fetch against plain keyset SQL",
  async measure({ env, sizes, progress, orderIds }: BenchContext): Promise<SectionResult> {
    const em = env.orm.em.fork() as EntityManager;
    const page = sizes.page;
    const where = {};
    const recordsPages = (fields?: string[]) => () =>
      records(em, Order, where, { cursor: undefined, batchSize: page, ...(fields ? { fields } : {}) })[Symbol.asyncIterator]();
    const batchesPages = (fields?: string[]) => () =>
      batches(em, Order, where, { cursor: undefined, batchSize: page, ...(fields ? { fields } : {}) })[Symbol.asyncIterator]();
    // SQL and the old path walk the same pages: cursor = the last id of the previous page.
    const cursors = Array.from({ length: Math.max(1, Math.floor(orderIds.length / page)) }, (_, k) => (k === 0 ? 0 : orderIds[k * page - 1]!));
    let sqlAll = 0;
    let sqlId = 0;
    let before = 0;
    const plan = planKeyset('records', em, Order, where, { cursor: undefined, batchSize: page });
    const tasks: { name: string; fn: () => Promise<unknown> }[] = [
      { name: SQL_ALL, fn: () => em.execute('select r.* from orders as r where (r.id) > (?) order by r.id asc limit ?', [cursors[sqlAll++ % cursors.length]!, page]) },
      { name: SQL_ID, fn: () => em.execute('select r.id from orders as r where (r.id) > (?) order by r.id asc limit ?', [cursors[sqlId++ % cursors.length]!, page]) },
      { name: RECORDS, fn: pageSource(recordsPages(), page) },
      { name: RECORDS_ID, fn: pageSource(recordsPages(['id']), page) },
      { name: BATCHES, fn: pageSource(batchesPages(), 1) },
      { name: BATCHES_ID, fn: pageSource(batchesPages(['id']), 1) },
      { name: BEFORE, fn: () => keysetPageQuery(em.fork(), plan, cursors[before++ % cursors.length] || undefined).getResultList() },
    ];
    await checkSamePage(em, page, orderIds);

    const samples = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
    const roundMedians = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
    const rounds = sizes.name === 'smoke' ? 1 : Math.max(3, sizes.rounds);
    for (let round = 0; round < rounds; round++) {
      const bench = new Bench({ time: sizes.pageFetchTimeMs, iterations: sizes.pageFetchIterations, warmup: round === 0, warmupTime: sizes.pageFetchTimeMs / 2, warmupIterations: sizes.pageFetchIterations, retainSamples: true, throws: true });
      for (const task of round % 2 === 0 ? tasks : [...tasks].reverse()) bench.add(task.name, task.fn);
      for (const task of await bench.run()) {
        if (task.result.state !== 'completed') throw new BenchmarkCheckFailedError('page-fetch', `task "${task.name}" to complete`, task.result.state);
        const values = task.result.latency.samples ?? [];
        samples.get(task.name)!.push(...values);
        roundMedians.get(task.name)!.push(spreadOf(values).median);
      }
      progress(`round ${round + 1}/${rounds}: ${tasks.map((task) => `${task.name} ${spreadOf(samples.get(task.name)!).median.toFixed(3)} ms`).join('; ')}`);
    }

    const figure = (name: string, baseline?: string): Figure => ({
      label: name,
      unit: `ms per page of ${page}`,
      value: spreadOf(samples.get(name)!),
      ...(baseline ? { baseline, ratio: spreadOf(pairedRatios(roundMedians.get(name)!, roundMedians.get(baseline)!)) } : {}),
    });
    const figures = [
      figure(SQL_ALL),
      figure(SQL_ID),
      figure(RECORDS, SQL_ALL),
      figure(BATCHES, SQL_ALL),
      figure(RECORDS_ID, SQL_ID),
      figure(BATCHES_ID, SQL_ID),
      figure(BEFORE, SQL_ALL),
    ];
    const byLabel = new Map(figures.map((f) => [f.label, f]));
    const hydration = 'hydrating MikroORM entities (every column converted, a Customer reference per row) costs more than PostgreSQL takes to answer; a job that needs only some columns passes `fields`';
    return {
      id: 'page-fetch',
      title: this.title,
      measures:
        `tinybench, ${rounds} interleaved rounds of ${sizes.pageFetchTimeMs} ms per task: one page of ${page} orders per sample. The builders read the next page of an open ` +
        'enumeration (steady state); the plain SQL runs the same keyset query with the cursor of the same pages; "before" is the fetch as it was ' +
        '(a QueryBuilder built per page, rows hydrated into a fresh identity map). Ratios are medians of the per-round median ratios.',
      figures,
      targets: [
        ratioTarget('records page (entities) within 1.5× of the same keyset SQL', byLabel.get(RECORDS)!, 1.5, hydration),
        ratioTarget('batches page (entities) within 1.5× of the same keyset SQL', byLabel.get(BATCHES)!, 1.5, hydration),
        ratioTarget("records page with fields: ['id'] within 1.5× of the same keyset SQL", byLabel.get(RECORDS_ID)!, 1.5, 'the per-row partial entity and the async iterator hops'),
        ratioTarget("batches page with fields: ['id'] within 1.5× of the same keyset SQL", byLabel.get(BATCHES_ID)!, 1.5, 'the per-row partial entity'),
      ],
      charts: [
        {
          title: 'Page of orders, ratio to the same keyset SQL (median)',
          yAxis: '× plain SQL',
          bars: figures.filter((f) => f.ratio).map((f) => ({ label: f.label, value: f.ratio!.median })),
        },
      ],
      notes: [
        'The demo jobs read `fields: [\'id\']` pages: their services load what they change in their own transaction.',
        `Before this change a page took ${(byLabel.get(BEFORE)!.ratio?.median ?? 0).toFixed(1)}× the SQL; the QueryBuilder is now built once per enumeration and reused with new cursor values.`,
      ],
    };
  },
};

/** The builders and the SQL read the same rows, or the comparison is void. */
async function checkSamePage(em: EntityManager, page: number, orderIds: number[]): Promise<void> {
  const iterator = records(em, Order, {}, { cursor: orderIds[0], batchSize: page, fields: ['id'] })[Symbol.asyncIterator]();
  const first = await iterator.next();
  await iterator.return?.();
  const [row] = await em.execute<{ id: number }[]>('select r.id from orders as r where (r.id) > (?) order by r.id asc limit 1', [orderIds[0]!]);
  const seen = first.done ? undefined : (first.value as readonly [{ id: number }, number])[0].id;
  if (seen !== row?.id) throw new BenchmarkCheckFailedError('page-fetch', `the records enumerator to start at id ${row?.id}`, String(seen));
}
