import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseJobData } from '../../continuable/job-data.js';
import { CheckpointStore } from '../../iteration/checkpoint-store.js';

/**
 * The checkpoint a job has stored, as one line: continuable keeps its continuation in the job's data,
 * iteration keeps a hash in Redis. What a resumed execution would start from.
 */
export async function describeStoredCheckpoint(
  redis: Redis,
  prefix: string,
  job: Job,
  engine: string,
): Promise<string> {
  try {
    if (engine === 'continuable') return describeContinuation(job);
    if (engine === 'iteration') return await describeIterationHash(redis, CheckpointStore.keyFor(prefix, job.queueName, String(job.id)));
    return 'none (not a job of either engine)';
  } catch (error) {
    return `unreadable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

function describeContinuation(job: Job): string {
  const { continuation, resumptions } = parseJobData(String(job.id), job.name, job.data);
  if (!continuation) return 'job data: no continuation yet';
  const parts = [
    continuation.current ? `at '${continuation.current[0]}' cursor ${show(continuation.current[1])}` : 'between steps',
    `completed [${continuation.completed.join(', ')}]`,
    `resumptions ${resumptions}`,
  ];
  return `job data continuation: ${parts.join(' · ')}`;
}

async function describeIterationHash(redis: Redis, key: string): Promise<string> {
  const state = await new CheckpointStore(redis, key, 0).read();
  if (!state) return `${key}: no hash (not started, or completed)`;
  const parts = [
    `cursor ${show(state.cursor ?? null)}`,
    `executions ${state.executions}`,
    `interruptions ${state.interruptions}`,
    `flushes ${state.flushes}`,
    `runtime ${(state.runtimeMs / 1000).toFixed(1)} s`,
  ];
  return `${key}: ${parts.join(' · ')}`;
}

export function show(cursor: unknown): string {
  if (cursor === null || cursor === undefined) return '-';
  const text = JSON.stringify(cursor);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
