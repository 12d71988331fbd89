import { UnrecoverableError } from 'bullmq';
import type { Cursor } from '../runtime/cursor.js';
import { CheckpointRefusedError, LockLostError } from '../runtime/errors.js';
import { isRequeueSignal, requeue, type ContinuedElsewhere } from '../runtime/requeue.js';
import type { InterruptReason } from '../runtime/interruption.js';
import type { ExecutionContext } from '../runtime/types.js';
import { updateDataIfLockHeld } from '../runtime/update-data-if-lock-held.js';
import { Continuation, type ContinuationHost } from './continuation.js';
import { CheckpointInTransactionError, ContinuationError, InvalidStepError, ResumeLimitError, SwallowedInterruptError } from './errors.js';
import type { ContinuableEventDetail, ContinuableEventName, ContinuationSnapshot } from './events.js';
import { jobDataWith, type ParsedJobData } from './job-data.js';
import { ContinuationInterrupt, isContinuationInterrupt } from './signals.js';
import { checkpointPassed, type Step } from './step.js';
import type { ContinuableCancelledResult, ContinuableSettings, SerializedContinuation } from './types.js';

/** Why the job is being re-enqueued: a checkpoint said stop, or an error followed progress. */
type Stop = { cause: 'interrupt'; interrupt: ContinuationInterrupt } | { cause: 'error'; error: unknown };

/**
 * One execution of a continuable job: the job's side of Rails' `Continuable` module. It wraps
 * `perform()` (Rails `around_perform :continue`), answers checkpoints through the runtime's
 * Interruption, and when the job must stop, stores the continuation in the job's data and
 * re-enqueues the same job; or, for an error it should not resume, rethrows it to BullMQ.
 */
export class ContinuableExecution implements ContinuationHost {
  readonly continuation: Continuation;
  private resumptions_: number;
  private errorResumptions: number;
  private interrupt_: ContinuationInterrupt | undefined;
  /** Set once `perform()` has ended: a step still checkpointing after that was not awaited. */
  private finished = false;
  /** Cursor moves in this execution: the "items" the interruption's item budget counts. */
  private items = 0;
  private checkpointWrites = 0;
  private readonly startedAt: number;
  private lastWriteAt: number;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly settings: ContinuableSettings,
    data: ParsedJobData,
    private readonly jobName: string,
  ) {
    this.resumptions_ = data.resumptions;
    this.errorResumptions = data.errorResumptions;
    this.continuation = new Continuation(data.continuation, this);
    this.startedAt = this.now();
    this.lastWriteAt = this.startedAt;
  }

  /** Resumptions of this job, this execution included if it resumed (Rails `resumptions`). */
  get resumptions(): number {
    return this.resumptions_;
  }

  /**
   * Runs `perform` as Rails' `continue` does, and turns how it ended into what BullMQ should do.
   * A cancel (Sidekiq's) seen before perform() or at a checkpoint runs `onCancel` and completes
   * the job as cancelled.
   */
  async run(perform: () => Promise<unknown>, onCancel: () => unknown): Promise<unknown> {
    if (this.continuation.started) {
      this.resumptions_ += 1;
      this.emit('continuable.resume', { ...this.snapshot(), resumptions: this.resumptions });
    }
    const cancelledBeforeStart = this.ctx.interruption.cancelledAt;
    if (cancelledBeforeStart !== undefined) {
      this.finished = true;
      return this.cancelled(cancelledBeforeStart, onCancel);
    }
    try {
      const result = await perform();
      this.assertFinishedCleanly();
      this.emit('continuable.completed', {
        completed: [...this.continuation.completedSteps],
        resumptions: this.resumptions,
        checkpointWrites: this.checkpointWrites,
        durationMs: this.now() - this.startedAt,
      });
      return result;
    } catch (error) {
      const cancelledAt = this.ctx.interruption.cancelledAt;
      if (isContinuationInterrupt(error) && error.reason === 'cancelled' && cancelledAt !== undefined) {
        this.finished = true;
        return await this.cancelled(cancelledAt, onCancel);
      }
      if (isContinuationInterrupt(error)) return await this.resume({ cause: 'interrupt', interrupt: error });
      // UnrecoverableError: retrying cannot help (a malformed control flag, bad arguments), so not resuming either.
      if (error instanceof ContinuationError || error instanceof UnrecoverableError || isRequeueSignal(error)) throw error;
      if (this.settings.resumeErrorsAfterAdvancing && this.continuation.advanced) {
        return await this.resume({ cause: 'error', error });
      }
      // No progress in this execution: BullMQ's attempts/backoff decide, so a job failing on the
      // same item does not resume forever. Its stored continuation is unchanged, so a retry resumes.
      throw error;
    } finally {
      this.finished = true;
    }
  }

  // --- ContinuationHost: what steps and checkpoints call ---------------------------------------

  /** Rails' automatic checkpoint before a step, at the cursor of the step in progress (if any). */
  checkpointBeforeStep(): Promise<void> {
    return this.checkpoint(this.continuation.currentStep?.cursor);
  }

  /**
   * Rails `checkpoint!`: stop here if the runtime says so; else maybe write the continuation. It runs
   * once per item, so it is not `async`: a checkpoint with nothing to do answers the shared
   * `checkpointPassed` (no promise made per item), and a refusal is a rejected promise, as before.
   */
  checkpoint(cursor: Cursor | undefined): Promise<void> {
    try {
      if (this.finished) {
        throw new InvalidStepError(
          `A checkpoint ran ${this.continuation.description} after perform() of ${this.jobName} had ended; ` +
            'await every this.step() call and every step.set()/advance()/checkpoint()',
          'unawaited',
        );
      }
      if (this.settings.isInTransaction()) throw new CheckpointInTransactionError(this.jobName, this.continuation.description);
      if (this.interrupt_) throw this.interrupt_;
      const reason = this.ctx.interruption.checkAt(this.items, cursor);
      if (reason === 'cancelled' && this.ctx.interruption.cancelledAt !== undefined) this.stopForCancel();
      if (reason !== undefined) this.interrupt(reason);
      const every = this.settings.checkpointEveryMs;
      if (every !== false && this.now() - this.lastWriteAt >= every) return this.writeCheckpoint();
      return checkpointPassed;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  cursorMoved(): void {
    this.items += 1;
  }

  interrupt(reason: InterruptReason): never {
    this.emit('continuable.interrupt', { reason, ...this.snapshot() });
    this.interrupt_ = new ContinuationInterrupt(reason, this.continuation.description);
    throw this.interrupt_;
  }

  /** Unwinds perform() like an interrupt (a catch-all must rethrow it too), without re-enqueueing. */
  private stopForCancel(): never {
    this.interrupt_ = new ContinuationInterrupt('cancelled', this.continuation.description);
    throw this.interrupt_;
  }

  get thrownInterrupt(): Error | undefined {
    return this.interrupt_;
  }

  stepSkipped(name: string): void {
    this.emit('continuable.step-skipped', { step: name });
  }

  stepStarted(step: Step): void {
    this.emit('continuable.step-started', { step: step.name, cursor: step.cursor, resumed: step.resumed });
  }

  stepEnded(step: Step, outcome: { durationMs: number; error?: unknown }): void {
    const { error } = outcome;
    const interrupted = isContinuationInterrupt(error);
    this.emit('continuable.step-completed', {
      step: step.name,
      cursor: step.cursor,
      durationMs: outcome.durationMs,
      interrupted,
      ...(error !== undefined && !interrupted ? { error: describeError(error) } : {}),
    });
  }

  now(): number {
    return Date.now();
  }

  // --- stopping ------------------------------------------------------------------------------

  /** Sidekiq `on_cancel`: the job ends here, neither failed nor completed; the flag goes with the job. */
  private async cancelled(cancelledAt: number, onCancel: () => unknown): Promise<ContinuableCancelledResult> {
    await onCancel();
    const { completed, current } = this.continuation.toJSON();
    this.emit('continuable.cancelled', { completed, ...(current ? { current } : {}), resumptions: this.resumptions, cancelledAt });
    return { cancelled: { at: cancelledAt }, continuation: this.continuation.toJSON(), resumptions: this.resumptions };
  }

  /** Rails `resume_job`: re-enqueue with the continuation, unless the resume limit is reached. */
  private async resume(stop: Stop): Promise<unknown> {
    const { maxResumptions, resume } = this.settings;
    // The stalled check will hand the job on from its last stored state; nobody may move it now.
    if (this.ctx.interruption.lockLost) throw new LockLostError(String(this.ctx.job.id));
    if (maxResumptions !== undefined && this.resumptions >= maxResumptions) {
      // Keep the progress on the failed job, so that retrying it by hand resumes rather than redoes.
      await updateDataIfLockHeld(this.ctx, this.dataToStore());
      throw new ResumeLimitError(maxResumptions, this.stoppedBecause(stop), {
        cause: stop.cause === 'error' ? stop.error : stop.interrupt,
      });
    }
    if (stop.cause === 'error') this.errorResumptions += 1;
    const data = this.dataToStore();
    const scheduled = () =>
      this.emit('continuable.resume-scheduled', {
        cause: stop.cause,
        ...(stop.cause === 'interrupt' ? { reason: stop.interrupt.reason } : { error: describeError(stop.error) }),
        delayMs: resume.delayMs,
        queue: resume.queue ?? this.ctx.queue.name,
        resumptions: this.resumptions,
        continuation: this.continuation.toJSON(),
        checkpointWrites: this.checkpointWrites,
      });
    let continued: ContinuedElsewhere;
    try {
      continued = await requeue(this.ctx, { delayMs: resume.delayMs, queue: resume.queue, data });
    } catch (error) {
      // Said only after Redis acknowledged the continuation and the move: never a false "saved".
      if (isRequeueSignal(error)) scheduled();
      if (isRequeueSignal(error) || error instanceof LockLostError) throw error;
      // requeue stores the data first (and only then adopts it as the job's): if it is the job's
      // now, the continuation was stored and only the move was refused.
      throw this.refused(error, this.ctx.job.data === data);
    }
    scheduled();
    return continued;
  }

  /**
   * Redis refused a write of the continuation (`stored`: it took the continuation but refused the
   * move). Says what is lost and where the job resumes, and hands back the error that leaves the
   * job active for BullMQ's stalled check, so no attempt is used for a write that was never made.
   */
  private refused(error: unknown, stored: boolean): CheckpointRefusedError {
    const current = this.continuation.description;
    const durable = stored ? current : describeStored((this.ctx.job.data as { continuation?: SerializedContinuation } | undefined)?.continuation);
    const lost = stored
      ? 'the continuation was stored but the job could not be re-enqueued, so nothing is lost'
      : durable === current
        ? 'nothing since the last stored continuation is lost'
        : `the progress since ${durable} (up to ${current}) is lost and will be redone`;
    const refusal = new CheckpointRefusedError(String(this.ctx.job.id), lost, durable, error);
    this.emit('continuable.checkpoint-refused', {
      error: describeError(error).message.split('\n')[0]!,
      lost,
      resumesFrom: durable,
      continuation: this.continuation.toJSON(),
    });
    return refusal;
  }

  private stoppedBecause(stop: Stop): string {
    if (stop.cause === 'interrupt') return stop.interrupt.message.replace(/^Interrupted/, 'interrupted');
    return `error ${this.continuation.description}: ${describeError(stop.error).message}`;
  }

  /** `checkpointEveryMs`: bound what a crash loses by writing the continuation now and then. */
  private async writeCheckpoint(): Promise<void> {
    if (this.ctx.interruption.lockLost) return;
    // Refused (LockLostError) if the lock was lost unnoticed: a newer execution's progress stands.
    try {
      await updateDataIfLockHeld(this.ctx, this.dataToStore());
    } catch (error) {
      if (error instanceof LockLostError) throw error;
      throw this.refused(error, false);
    }
    this.checkpointWrites += 1;
    this.lastWriteAt = this.now();
    this.emit('continuable.checkpoint-written', {
      checkpointWrites: this.checkpointWrites,
      continuation: this.continuation.toJSON(),
    });
  }

  private dataToStore(): unknown {
    return jobDataWith(this.ctx.job.data, {
      continuation: this.continuation.toJSON(),
      resumptions: this.resumptions,
      errorResumptions: this.errorResumptions,
    });
  }

  /**
   * `perform()` returned: refuse to complete if a step is still running (a `this.step()` that was
   * not awaited) or if an interrupt was thrown and swallowed outside any step.
   */
  private assertFinishedCleanly(): void {
    const running = this.continuation.runningStep;
    if (running !== undefined) {
      throw new InvalidStepError(
        `Step '${running}' was still running when perform() returned; await every this.step() call`,
        'unawaited',
      );
    }
    if (this.interrupt_) throw new SwallowedInterruptError(`perform() of ${this.jobName}`, this.interrupt_.message);
  }

  private snapshot(): ContinuationSnapshot {
    const { completed, current } = this.continuation.toJSON();
    return { description: this.continuation.description, completed, ...(current ? { current } : {}) };
  }

  private emit<K extends ContinuableEventName>(name: K, detail: ContinuableEventDetail<K>): void {
    const { job } = this.ctx;
    const base = {
      engine: 'continuable' as const,
      jobId: String(job.id),
      jobName: this.jobName,
      at: this.now(),
      execution: job.attemptsStarted,
    };
    // The detail type is exactly the event minus these base fields.
    this.ctx.events.emit(name, { ...base, ...detail } as never);
  }
}

/** A stored continuation in the words of Continuation.description (`at 'process', cursor '433'`). */
function describeStored(continuation: SerializedContinuation | undefined): string {
  if (continuation?.current) return `at '${continuation.current[0]}', cursor '${JSON.stringify(continuation.current[1])}'`;
  const last = continuation?.completed.at(-1);
  return last === undefined ? 'the start' : `after '${last}'`;
}

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: typeof error, message: String(error) };
}
