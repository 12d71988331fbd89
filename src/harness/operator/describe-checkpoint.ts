import { formatSeconds } from './format-duration.js';
import type { DemoJob } from '../reporting/types.js';
import { formatUnits, jobUnits, unitOfIndex } from './demo-jobs.js';
import type { OperatorProgress } from './stored-progress.js';

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
export function describeCheckpoint(job: DemoJob, subjectIds: readonly number[], stored: OperatorProgress): string[] {
  if (stored.engine === 'continuable') {
    const { progress } = stored;
    const lines = [`continuable: the continuation in the job's data (${stored.where})`];
    if (!progress.stored) return [...lines, '  none stored: the job has not stopped yet (it starts from the first step)'];
    lines.push(`  completed steps: ${progress.completedSteps.length ? progress.completedSteps.join(', ') : '(none)'}`);
    if (progress.step !== undefined) {
      const { cursor } = progress;
      lines.push(`  current step:    ${progress.step}`);
      lines.push(`  cursor:          ${cursor === null || cursor === undefined ? 'none (the step starts from its beginning)' : explainCursor(job, subjectIds, cursor)}`);
    } else {
      lines.push('  current step:    none (the next step starts from its beginning)');
    }
    lines.push(`  executions:      ${progress.executions} started (${progress.resumptions} resumption${progress.resumptions === 1 ? '' : 's'})`);
    lines.push('  written:         when the job stopped (continuable writes on interrupt, and periodically if configured)');
    return lines;
  }
  const { progress } = stored;
  const lines = [`iteration: the checkpoint hash ${stored.where}`];
  if (!progress.stored) return [...lines, '  none stored: the job has not started, or it completed (the hash is deleted on completion)'];
  lines.push(`  cursor:          ${progress.cursor === undefined ? 'none yet (starts from the first item)' : explainCursor(job, subjectIds, progress.cursor)}`);
  lines.push(`  executions:      ${progress.executions}   interruptions: ${progress.interruptions}   failures: ${progress.failures}   flushes: ${progress.flushes}`);
  lines.push(`  runtime:         ${formatSeconds(progress.runtimeMs)} over all executions`);
  if (stored.writtenAt) {
    lines.push(`  flushed at:      ${stored.writtenAt.toISOString()} (${formatSeconds(Date.now() - stored.writtenAt.getTime())} ago)`);
  }
  return lines;
}
