import type { LedgerEntry } from '../../domain/types.js';
import type { DemoJob } from '../reporting/types.js';
import { formatUnits, jobUnits, unitOfIndex } from './demo-jobs.js';

/** One execution of a job as the ledger shows it, in checkpoint units (orders, customers, batches). */
export interface ExecutionSummary {
  execution: number;
  /** Distinct subjects this execution handled. */
  subjects: number;
  /** The unit of its first and last subject (1-based): where it started and where it stopped. */
  firstUnit: number;
  lastUnit: number;
}

/** What a job did, read from the side-effect ledger only (never from the job's own counters). */
export interface LedgerSummary {
  job: DemoJob;
  totalSubjects: number;
  totalUnits: number;
  /** Distinct subjects with at least one row. */
  handledSubjects: number;
  /** Rows beyond one per subject: an item handled twice. */
  duplicates: number;
  /** Subjects of the job that have no row. */
  missing: number;
  executions: ExecutionSummary[];
}

export function summarizeLedger(job: DemoJob, subjectIds: readonly number[], entries: readonly LedgerEntry[]): LedgerSummary {
  const { family } = jobUnits[job];
  const position = new Map(subjectIds.map((id, index) => [id, index]));
  const ours = entries.filter((entry) => entry.kind.startsWith(`${family}.`) && position.has(entry.subjectId));
  const handled = new Set(ours.map((entry) => entry.subjectId));
  const byExecution = new Map<number, Set<number>>();
  for (const entry of ours) {
    const subjects = byExecution.get(entry.execution) ?? new Set<number>();
    subjects.add(entry.subjectId);
    byExecution.set(entry.execution, subjects);
  }
  const executions = [...byExecution.keys()]
    .sort((a, b) => a - b)
    .map((execution) => {
      const indexes = [...byExecution.get(execution)!].map((id) => position.get(id)!);
      return {
        execution,
        subjects: indexes.length,
        firstUnit: unitOfIndex(job, Math.min(...indexes)),
        lastUnit: unitOfIndex(job, Math.max(...indexes)),
      };
    });
  return {
    job,
    totalSubjects: subjectIds.length,
    totalUnits: Math.ceil(subjectIds.length / jobUnits[job].size),
    handledSubjects: handled.size,
    duplicates: ours.length - handled.size,
    missing: subjectIds.length - handled.size,
    executions,
  };
}

/** Did every execution after the first start right after the unit the one before stopped at? */
export function resumedRightAfter(summary: LedgerSummary): boolean {
  return summary.executions.every((execution, i) => i === 0 || execution.firstUnit === summary.executions[i - 1]!.lastUnit + 1);
}

/** Every subject once and every resume right after its checkpoint. */
export function isCleanRun(summary: LedgerSummary): boolean {
  return summary.missing === 0 && summary.duplicates === 0 && resumedRightAfter(summary);
}

/**
 * The plan's verdict, computed from the ledger, e.g. "processed 300 orders, interrupted (shutdown),
 * resumed at order 301, completed 1,000 orders, 0 duplicates". `reasons` are the interruptions'
 * reasons in order, from the engines' lifecycle events.
 */
export function verdictLine(summary: LedgerSummary, reasons: readonly string[]): string {
  const { job } = summary;
  const unit = jobUnits[job];
  const parts: string[] = [];
  summary.executions.forEach((execution, i) => {
    if (i === 0) parts.push(`processed ${formatUnits(job, execution.lastUnit - execution.firstUnit + 1)}`);
    else parts.push(`resumed at ${unit.singular} ${execution.firstUnit}`);
    if (i < summary.executions.length - 1) {
      const reason = reasons[i];
      parts.push(`interrupted${reason ? ` (${reason})` : ''}${i > 0 ? ` after ${unit.singular} ${execution.lastUnit}` : ''}`);
    }
  });
  if (summary.executions.length <= 1) parts.splice(0, parts.length);
  const done = summary.missing === 0 ? 'completed' : `stopped with ${summary.missing} ${unit.subjects ?? unit.plural} missing of`;
  parts.push(`${done} ${formatUnits(job, summary.totalUnits, unit.subjects ? summary.totalSubjects : undefined)}${summary.executions.length <= 1 ? ' in one execution' : ''}`);
  parts.push(`${summary.duplicates} duplicate${summary.duplicates === 1 ? '' : 's'}`);
  if (summary.executions.length > 1 && !resumedRightAfter(summary)) parts.push('a resume did NOT start right after its checkpoint');
  return parts.join(', ');
}
