import { formatSeconds } from './format-duration.js';
import type { DemoJob } from '../reporting/types.js';
import { formatUnits, jobUnits, unitOfIndex } from './demo-jobs.js';
import type { StoredProgress } from './stored-progress.js';

/** "5300 = order 300 of 1,000 done; resumes at order 301" (the cursor means "up to here is done"). */
export function explainCursor(job: DemoJob, subjectIds: readonly number[], cursor: unknown): string {
  const unit = jobUnits[job];
  const total = formatUnits(job, Math.ceil(subjectIds.length / unit.size));
  const index = typeof cursor === 'number' ? subjectIds.indexOf(cursor) : -1;
  if (index < 0) return `${JSON.stringify(cursor)} (not one of this job's ${unit.subjects ?? unit.plural})`;
  const done = unitOfIndex(job, index);
  const next = done * unit.size >= subjectIds.length ? 'nothing left after it' : `resumes at ${unit.singular} ${done + 1}`;
  return `${JSON.stringify(cursor)} = ${unit.singular} ${done} of ${total} done; ${next}`;
}

/** The stored checkpoint, decoded and explained, one fact a line. */
export function describeCheckpoint(job: DemoJob, subjectIds: readonly number[], progress: StoredProgress): string[] {
  if (progress.engine === 'continuable') {
    const { continuation } = progress;
    const lines = [`continuable: the continuation in the job's data (${progress.where})`];
    if (!continuation) return [...lines, '  none stored: the job has not stopped yet (it starts from the first step)'];
    lines.push(`  completed steps: ${continuation.completed.length ? continuation.completed.join(', ') : '(none)'}`);
    if (continuation.current) {
      const [step, cursor] = continuation.current;
      lines.push(`  current step:    ${step}`);
      lines.push(`  cursor:          ${cursor === null || cursor === undefined ? 'none (the step starts from its beginning)' : explainCursor(job, subjectIds, cursor)}`);
    } else {
      lines.push('  current step:    none (the next step starts from its beginning)');
    }
    lines.push(`  executions:      ${progress.resumptions + 1} so far (${progress.resumptions} resumption${progress.resumptions === 1 ? '' : 's'})`);
    lines.push('  written:         when the job stopped (continuable writes on interrupt, and periodically if configured)');
    return lines;
  }
  const { state } = progress;
  const lines = [`iteration: the checkpoint hash ${progress.where}`];
  if (!state) return [...lines, '  none stored: the job has not started, or it completed (the hash is deleted on completion)'];
  lines.push(`  cursor:          ${state.cursor === undefined ? 'none yet (starts from the first item)' : explainCursor(job, subjectIds, state.cursor)}`);
  lines.push(`  executions:      ${state.executions}   interruptions: ${state.interruptions}   failures: ${state.failures}   flushes: ${state.flushes}`);
  lines.push(`  runtime:         ${formatSeconds(state.runtimeMs)} over all executions`);
  if (progress.writtenAt) {
    lines.push(`  flushed at:      ${progress.writtenAt.toISOString()} (${formatSeconds(Date.now() - progress.writtenAt.getTime())} ago)`);
  }
  return lines;
}
