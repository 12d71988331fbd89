import { show } from './stored-checkpoint.js';
import type { JobRow, QueueSummary } from './types.js';

/** Text of each cell, shared by the terminal view and the plain lines so both say the same. */
export interface RowCells {
  engine: string;
  job: string;
  state: string;
  percent: string;
  done: string;
  rate: string;
  step: string;
  cursor: string;
  interruptions: string;
  checkpoint: string;
}

/** Done out of total (0..1), when both are known. */
export function fractionDone(row: JobRow): number | undefined {
  if (row.done === undefined || row.total === undefined || row.total === 0) return undefined;
  return Math.min(1, row.done / row.total);
}

export function rowCells(row: JobRow): RowCells {
  const fraction = fractionDone(row);
  const done = row.done ?? row.publishedItems;
  return {
    engine: row.engine,
    job: `${row.job} #${row.jobId}`,
    state: row.state,
    percent: fraction === undefined ? '' : `${Math.floor(fraction * 100)}%`,
    done: done === undefined ? '-' : row.total === undefined ? String(done) : `${done}/${row.total}`,
    rate: row.rate === undefined ? '-' : `${row.rate.toFixed(1)}/s`,
    step: row.step ?? '-',
    cursor: show(row.cursor),
    interruptions: String(row.interruptions),
    checkpoint: row.checkpointAgeMs === undefined ? '-' : `${formatAge(row.checkpointAgeMs)} ago`,
  };
}

/** A bar of `width` cells: full blocks for what is done. */
export function progressBar(fraction: number | undefined, width: number): string {
  if (fraction === undefined) return '·'.repeat(width);
  const full = Math.round(fraction * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

export function formatAge(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function queueLine(queue: QueueSummary): string {
  const { waiting, active, delayed, completed, failed } = queue.counts;
  return `queue ${queue.name}: waiting ${waiting} · active ${active} · delayed ${delayed} · completed ${completed} · failed ${failed}`;
}
