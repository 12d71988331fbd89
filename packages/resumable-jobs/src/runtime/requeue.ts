import { DelayedError, WaitingError } from 'bullmq';
import { LockLostError } from './errors.js';
import type { ExecutionContext } from './types.js';
import { updateDataIfLockHeld } from './update-data-if-lock-held.js';

/** How an interrupted job goes back to its queue: after how long, on which queue, with which data. */
export interface RequeueOptions {
  /** How long before the job runs again (Rails resumes after 5 s by default). */
  delayMs: number;
  /** Resume on another queue of the same runtime (Rails `resume_options: { queue: }`). */
  queue?: string;
  /** New job data to persist first (BullMQ replaces data, it does not merge). */
  data?: unknown;
}

/** Returned by a processor whose job continues as a job of the same id on another queue. */
export interface ContinuedElsewhere {
  continuedIn: { queue: string; jobId: string };
}

/**
 * Re-enqueue the running job to resume later: persist its data, then move the *same* job to
 * delayed (or straight back to wait) and throw BullMQ's marker error. BullMQ does not count this as
 * an attempt, so interruptions never use up `attempts` meant for real failures.
 *
 * Resuming on another queue cannot move the job, so it adds a job with the same id and data there
 * and lets this one complete, saying where it went.
 */
export async function requeue(ctx: ExecutionContext, options: RequeueOptions): Promise<ContinuedElsewhere> {
  const { job, token } = ctx;
  if (ctx.interruption.lockLost) throw new LockLostError(String(job.id));
  const data = options.data === undefined ? job.data : options.data;
  if (options.queue && options.queue !== ctx.queue.name) {
    const target = ctx.queueNamed(options.queue);
    await target.add(job.name, data, { ...job.opts, jobId: String(job.id), delay: Math.max(0, options.delayMs) });
    return { continuedIn: { queue: options.queue, jobId: String(job.id) } };
  }
  if (options.data !== undefined) await updateDataIfLockHeld(ctx, options.data);
  if (options.delayMs > 0) {
    await job.moveToDelayed(Date.now() + options.delayMs, token);
    throw new DelayedError();
  }
  await job.moveToWait(token);
  throw new WaitingError();
}

/** True for the errors `requeue` throws: engines must let them through untouched. */
export function isRequeueSignal(error: unknown): boolean {
  return error instanceof DelayedError || error instanceof WaitingError;
}
