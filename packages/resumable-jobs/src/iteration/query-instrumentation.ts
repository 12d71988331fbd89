import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/** One page query an enumerator ran (job-iteration's `active_record_cursor.iteration` notification). */
export interface PageQuery {
  /** The builder that ran it, e.g. `records(Order)`. */
  builder: string;
  /** The cursor the page starts after (null: the first page). */
  after: unknown;
  /** Rows the page returned (0: the enumeration is over). */
  rows: number;
  durationMs: number;
}

type PageQueryListener = (query: PageQuery) => void;

// The listener of the execution the query runs in: enumerators are built by the job, without a
// handle on the engine, so the engine hands its listener down the execution's async context.
const currentListener = new AsyncLocalStorage<PageQueryListener>();

/** Runs one execution with `listener` told about every page query its enumerators run. */
export function withPageQueryListener<T>(listener: PageQueryListener, run: () => T): T {
  return currentListener.run(listener, run);
}

/**
 * Runs one page query, timed, and tells the running execution's listener (if any) about it. Used by
 * the database enumerators of any data layer; outside an execution it only runs the query.
 */
export async function instrumentPageQuery<Row>(builder: string, after: unknown, query: () => Promise<Row[]>): Promise<Row[]> {
  const listener = currentListener.getStore();
  if (!listener) return query();
  const startedAt = performance.now();
  const rows = await query();
  listener({ builder, after: after ?? null, rows: rows.length, durationMs: performance.now() - startedAt });
  return rows;
}
