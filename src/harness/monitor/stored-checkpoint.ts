import type { Job } from 'bullmq';
import { readContinuableProgress } from 'resumable-jobs/continuable';
import { readIterationProgress } from 'resumable-jobs/iteration';
import type { RedisConnection } from 'resumable-jobs/runtime';

/**
 * The checkpoint a job has stored, as one line, read with each engine's own reader: continuable
 * keeps its continuation in the job's data, iteration keeps a hash in Redis. What a resumed
 * execution would start from.
 */
export async function describeStoredCheckpoint(redis: RedisConnection, prefix: string, job: Job, engine: string): Promise<string> {
  try {
    if (engine === 'continuable') return describeContinuation(job);
    if (engine === 'iteration') return await describeIterationHash(redis, prefix, job);
    return 'none (not a job of either engine)';
  } catch (error) {
    return `unreadable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

function describeContinuation(job: Job): string {
  const progress = readContinuableProgress(job);
  if (!progress.stored) return 'job data: no continuation yet';
  const parts = [
    progress.step === undefined ? 'between steps' : `at '${progress.step}' cursor ${show(progress.cursor)}`,
    `completed [${progress.completedSteps.join(', ')}]`,
    `resumptions ${progress.resumptions}`,
  ];
  return `job data continuation: ${parts.join(' · ')}`;
}

async function describeIterationHash(redis: RedisConnection, prefix: string, job: Job): Promise<string> {
  const progress = await readIterationProgress({ redis, prefix, queueName: job.queueName, jobId: String(job.id) });
  if (!progress.stored) return `${progress.key}: no hash (not started, or completed)`;
  const parts = [
    `cursor ${show(progress.cursor ?? null)}`,
    `executions ${progress.executions}`,
    `interruptions ${progress.interruptions}`,
    `flushes ${progress.flushes}`,
    `runtime ${(progress.runtimeMs / 1000).toFixed(1)} s`,
  ];
  return `${progress.key}: ${parts.join(' · ')}`;
}

export function show(cursor: unknown): string {
  if (cursor === null || cursor === undefined) return '-';
  const text = JSON.stringify(cursor);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
