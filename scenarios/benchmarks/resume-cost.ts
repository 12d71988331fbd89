// Resume cost, keyset vs offset: how long a resumed job waits for its first page of work.
// 10,000 pending orders are seeded; the iteration engine's `records` enumerator (keyset pagination:
// `WHERE (id) > (cursor) ORDER BY id LIMIT 100`, rows hydrated as entities) fetches its first page
// of 100 from cursor 0 (a fresh start) and from the cursor of row 9,000 (a resume late in the job).
// For contrast, plain SQL: the same keyset query, and `OFFSET n LIMIT 100`, the query a job that
// remembers "rows done" instead of "last id" would run, each at row 0 and row 9,000.
//
// Why it matters: a job is resumed after every interruption, so the first page of a resume must not
// get dearer the further the job has got. The spec asks that a keyset resume at row 9,000 cost about
// what a fresh start costs; an offset resume reads and throws away every row before it. A continuable
// job whose step cursor is an id gets the keyset behaviour too, if its own query uses the cursor so.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '../../src/domain/entities/order.js';
import { seedPendingOrders } from '../../src/harness/seeding/seed-pending-orders.js';
import { enumeratorBuilder } from '../../src/iteration/enumerators/enumerator-builder.js';
import { BenchmarkCheckFailedError } from './errors/benchmark-check-failed-error.js';
import { measurementOf, runInRounds } from './measurement.js';
import type { BenchmarkReport, BenchStack, Measurement } from './types.js';

const ROWS = 10_000;
const RESUME_AT_ROW = 9_000;
const PAGE = 100;
const SEED = 42;
const PENDING = { status: 'pending' } as const;

const ENGINE_START = 'records enumerator (keyset, ORM), cursor 0';
const ENGINE_RESUME = `records enumerator (keyset, ORM), cursor at row ${RESUME_AT_ROW.toLocaleString('en-US')}`;
const KEYSET_SQL_START = 'plain SQL keyset, id > 0';
const KEYSET_SQL_RESUME = `plain SQL keyset, id > id of row ${RESUME_AT_ROW.toLocaleString('en-US')}`;
const OFFSET_SQL_START = `plain SQL OFFSET 0 LIMIT ${PAGE}`;
const OFFSET_SQL_RESUME = `plain SQL OFFSET ${RESUME_AT_ROW} LIMIT ${PAGE}`;

// The keyset query as keysetPageQuery builds it (row-value comparison), and its OFFSET counterpart.
const KEYSET_SQL = 'select r.* from orders as r where r.status = ? and (r.id) > (?) order by r.id asc limit ?';
const OFFSET_SQL = 'select r.* from orders as r where r.status = ? order by r.id asc limit ? offset ?';

export async function measureResumeCost(stack: BenchStack): Promise<BenchmarkReport> {
  const { orderIds } = await seedPendingOrders(stack.orm.em.fork(), ROWS, SEED);
  // Fresh statistics, as a table that has lived a while would have: the planner picks the index.
  await stack.orm.em.fork().execute('analyze orders');
  const em = stack.orm.em.fork();

  // Row n (1-based) has id orderIds[n - 1]; resuming after row 9,000 starts at row 9,001.
  const resumeCursor = orderIds[RESUME_AT_ROW - 1]!;
  expectFirstIds('keyset', await keysetFirstPage(em, resumeCursor), orderIds[RESUME_AT_ROW]!);
  expectFirstIds('plain SQL keyset', await keysetSqlFirstPage(em, resumeCursor), orderIds[RESUME_AT_ROW]!);
  expectFirstIds('plain SQL offset', await offsetFirstPage(em, RESUME_AT_ROW), orderIds[RESUME_AT_ROW]!);
  expectFirstIds('keyset', await keysetFirstPage(em, 0), orderIds[0]!);

  const samples = await runInRounds(
    'resume-cost',
    [
      { name: ENGINE_START, fn: () => keysetFirstPage(em, 0) },
      { name: ENGINE_RESUME, fn: () => keysetFirstPage(em, resumeCursor) },
      { name: KEYSET_SQL_START, fn: () => keysetSqlFirstPage(em, 0) },
      { name: KEYSET_SQL_RESUME, fn: () => keysetSqlFirstPage(em, resumeCursor) },
      { name: OFFSET_SQL_START, fn: () => offsetFirstPage(em, 0) },
      { name: OFFSET_SQL_RESUME, fn: () => offsetFirstPage(em, RESUME_AT_ROW) },
    ],
    { rounds: 4, bench: { time: 200, warmupTime: 150, throws: true } },
  );

  const page = `first page of ${PAGE}`;
  const [engineStart, engineResume, keysetStart, keysetResume, offsetStart, offsetResume] = [
    ENGINE_START,
    ENGINE_RESUME,
    KEYSET_SQL_START,
    KEYSET_SQL_RESUME,
    OFFSET_SQL_START,
    OFFSET_SQL_RESUME,
  ].map((task) => measurementOf(samples, task, 'ms', page)) as [Measurement, Measurement, Measurement, Measurement, Measurement, Measurement];
  const at = RESUME_AT_ROW.toLocaleString('en-US');
  return {
    id: 'resume-cost',
    title: 'Resume cost, keyset vs offset',
    measures:
      `Fetching the first page of ${PAGE} of ${ROWS.toLocaleString('en-US')} pending orders with the iteration engine's ` +
      `\`records\` enumerator (keyset pagination, rows hydrated as MikroORM entities) from cursor 0 and from the cursor of ` +
      `row ${at}; and, in plain SQL without the ORM, the same keyset query and an \`OFFSET … LIMIT ${PAGE}\` query at rows 0 and ${at}.`,
    whyItMatters:
      'Every interruption ends in a resume. Keyset pagination makes a resume late in a job cost what a fresh start costs; ' +
      'OFFSET reads and discards every row before the page, so resumes get dearer as the job progresses. A continuable ' +
      'job gets the keyset behaviour only if its own step queries `id > cursor`.',
    measurements: [engineStart, engineResume, keysetStart, keysetResume, offsetStart, offsetResume],
    findings: [
      { label: `records enumerator: resume at row ${at} / fresh start (mean)`, value: engineResume.mean / engineStart.mean, unit: '×' },
      { label: `records enumerator: resume at row ${at} / fresh start (p50)`, value: engineResume.p50 / engineStart.p50, unit: '×', headline: true },
      { label: `plain SQL keyset: row ${at} / row 0 (p50)`, value: keysetResume.p50 / keysetStart.p50, unit: '×' },
      { label: `plain SQL OFFSET: row ${at} / row 0 (p50)`, value: offsetResume.p50 / offsetStart.p50, unit: '×', headline: true },
      { label: `at row ${at}: OFFSET / keyset, plain SQL (p50)`, value: offsetResume.p50 / keysetResume.p50, unit: '×' },
      { label: 'ORM share of a page (enumerator p50 − plain keyset p50, at row 0)', value: engineStart.p50 - keysetStart.p50, unit: 'ms' },
    ],
    notes: [
      `The spec's promise: a keyset resume at row ${at} costs about what one at cursor 0 costs (a ratio near 1×).`,
      'OFFSET grows linearly with the row it resumes at; at 10,000 rows that is still little in absolute terms, at millions it dominates.',
      'Most of the enumerator\'s time per page is the ORM (query building, hydrating 100 entities), the same at any cursor.',
    ],
  };
}

/** The first page as the iteration engine reads it: the records enumerator, one row at a time. */
async function keysetFirstPage(em: EntityManager, cursor: number): Promise<number[]> {
  const iterator = enumeratorBuilder.records(em, Order, PENDING, { cursor, batchSize: PAGE })[Symbol.asyncIterator]();
  const ids: number[] = [];
  try {
    // Exactly one page: the enumerator queries the next page only when asked for row 101.
    while (ids.length < PAGE) {
      const next = await iterator.next();
      if (next.done) break;
      ids.push(next.value[0].id);
    }
  } finally {
    await iterator.return?.();
  }
  return ids;
}

/** The keyset page in plain SQL: the database's share of what the enumerator does. */
async function keysetSqlFirstPage(em: EntityManager, cursor: number): Promise<number[]> {
  const rows = await em.execute<{ id: number }[]>(KEYSET_SQL, ['pending', cursor, PAGE]);
  return rows.map((row) => row.id);
}

/** The same page by position, in plain SQL: what resuming from a count of rows done would run. */
async function offsetFirstPage(em: EntityManager, offset: number): Promise<number[]> {
  const rows = await em.execute<{ id: number }[]>(OFFSET_SQL, ['pending', PAGE, offset]);
  return rows.map((row) => row.id);
}

/** Both queries must return the same full page, starting at the right row, or the comparison is void. */
function expectFirstIds(how: string, ids: number[], firstId: number): void {
  if (ids.length !== PAGE || ids[0] !== firstId) {
    throw new BenchmarkCheckFailedError('resume-cost', `a ${how} page of ${PAGE} starting at id ${firstId}`, `${ids.length} rows starting at id ${ids[0]}`);
  }
}
