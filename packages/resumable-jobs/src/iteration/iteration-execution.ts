import { isDeepStrictEqual } from 'node:util';
import { UnrecoverableError } from 'bullmq';
import type { Cursor } from '../runtime/cursor.js';
import { CheckpointRefusedError, LockLostError } from '../runtime/errors.js';
import type { LifecycleEventMap } from '../runtime/lifecycle-events.js';
import { loggerFor } from '../runtime/logger.js';
import { isRequeueSignal, requeue, type ContinuedElsewhere } from '../runtime/requeue.js';
import type { ExecutionContext } from '../runtime/types.js';
import { Checkpoint } from './checkpoint.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { closeIterator, CursorEnumerable, type EnumerationSteps } from './cursor-enumerable.js';
import { ParallelFanOut } from './enumerators/parallel.js';
import { enqueuePartitions } from './parallel-fan-out.js';
import { withPageQueryListener } from './query-instrumentation.js';
import { EnumerationGuard } from './enumeration-guard.js';
import { AbortOutsideIterationError, CheckpointSupersededError } from './errors.js';
import type { IterationEventBase, IterationEventName } from './events.js';
import { defaultExitReason, exitReasonOf } from './should-exit.js';
import { IterationAbort, isIterationAbort, isIterationThrottle } from './signals.js';
import type {
  AbortOptions,
  CheckpointState,
  ExecutionConfig,
  FlushTrigger,
  IterationHooks,
  IterationOutcome,
  IterationResult,
} from './types.js';

type EventFields<K extends IterationEventName> = Omit<LifecycleEventMap[K], keyof IterationEventBase>;

/**
 * One execution of an iteration job: job-iteration's `interruptible_perform` with Sidekiq 7.3's
 * checkpoint hash.
 *   begin (count the execution) → buildEnumerator(args, { cursor }) → onStart | onResume →
 *   for each [item, cursor]: aroundIteration(eachIteration) → cursor = item's → shouldExit? →
 *     flush every flushIntervalMs → onShutdown →
 *   completed/aborted: onComplete, delete the hash | interrupted/throttled: flush, re-enqueue |
 *   cancelled (checked before every item, ahead of shouldExit): onCancel, onShutdown, delete the hash.
 * An error flushes the last completed cursor and is rethrown for BullMQ's attempts/backoff.
 * The checkpoint (checkpoint.ts) holds the state and the cursor; the guard (enumeration-guard.ts)
 * checks what the enumerator yields.
 */
export class IterationExecution<Args, Item, C> {
  /** Items completed in this execution. */
  items = 0;
  private readonly checkpoint_: Checkpoint;
  /** Set once buildEnumerator has returned: it knows the cursor the execution resumed from. */
  private guard: EnumerationGuard<Item, C> | undefined;
  private abortRequest: IterationAbort | undefined;
  private readonly jobId: string;

  constructor(
    private readonly hooks: IterationHooks<Args, Item, C>,
    private readonly ctx: ExecutionContext,
    private readonly args: Args,
    store: CheckpointStore,
    private readonly config: ExecutionConfig,
  ) {
    this.checkpoint_ = new Checkpoint(store, config.flushIntervalMs);
    this.jobId = String(ctx.job.id);
  }

  get checkpoint(): Readonly<CheckpointState> | undefined {
    return this.checkpoint_.state;
  }

  /** Cursor of the last completed item. */
  get cursor(): Cursor | undefined {
    return this.checkpoint_.cursor;
  }

  /** What `shouldExit()` answers unless overridden. */
  defaultExitReason(): string | undefined {
    const { maxJobRuntimeMs } = this.config;
    // Read the clock only when a limit needs it: this runs after every item.
    const elapsedMs = maxJobRuntimeMs === undefined ? 0 : this.checkpoint_.elapsedMs();
    return defaultExitReason(elapsedMs, maxJobRuntimeMs, this.ctx.interruption, this.items, this.cursor);
  }

  /** Remembered as well as thrown: user code that swallows the throw still ends the iteration. */
  requestAbort(options: AbortOptions): never {
    this.abortRequest = new IterationAbort(options.skipComplete === true);
    throw this.abortRequest;
  }

  /**
   * Runs the execution with its enumerators' page queries reported as `iteration.page-query` events,
   * when someone listens to them as it starts. Without a listener the execution runs outside any
   * async context: an AsyncLocalStorage, once used, makes every promise of the process cost more.
   */
  run(): Promise<IterationResult | ContinuedElsewhere> {
    const events = this.ctx.events;
    if (!events.wants('iteration.page-query')) return this.runExecution();
    return withPageQueryListener((query) => {
      if (events.wants('iteration.page-query')) this.emit('iteration.page-query', query);
    }, () => this.runExecution());
  }

  private async runExecution(): Promise<IterationResult | ContinuedElsewhere> {
    const checkpoint = this.checkpoint_;
    await checkpoint.begin();
    let outcome: IterationOutcome;
    try {
      const iterator = await this.buildIterator();
      if (!iterator) return await this.skip();
      if (iterator instanceof ParallelFanOut) return await this.fanOut(iterator);
      // A hash an operator seeded with only a cursor has no executions yet: still a first run.
      outcome = await this.iterateWithCallbacks(iterator, (checkpoint.previous?.executions ?? 0) > 0);
      if (outcome.kind === 'cancelled') await this.outsideIteration('onCancel', () => this.hooks.onCancel());
      await this.outsideIteration('onShutdown', () => this.hooks.onShutdown());
      if (outcome.kind === 'cancelled') return await this.cancelled(outcome.cancelledAt);
      if (outcome.kind === 'completed' || outcome.kind === 'aborted') return await this.complete(outcome);
      await this.checkpointBeforeRequeue(outcome);
    } catch (error) {
      throw await this.failed(error);
    }
    // Outside the try: requeue's marker errors (and LockLostError) must reach BullMQ untouched.
    const delayMs = outcome.kind === 'throttled' ? outcome.backoffMs : this.config.retryBackoffMs;
    try {
      return await requeue(this.ctx, { delayMs });
    } catch (error) {
      if (isRequeueSignal(error) || error instanceof LockLostError) throw error;
      throw this.refused(error); // the hash was written; only the move was refused
    }
  }

  private async buildIterator(): Promise<EnumerationSteps<Item, C> | ParallelFanOut | undefined> {
    const resumedFrom = this.cursor;
    this.emit('iteration.build-enumerator', { cursor: resumedFrom ?? null });
    const built = await this.outsideIteration('buildEnumerator', () =>
      this.hooks.buildEnumerator(this.args, { cursor: resumedFrom as C | undefined }),
    );
    if (built instanceof ParallelFanOut) return built;
    this.guard = new EnumerationGuard(this.hooks.jobName, resumedFrom);
    const steps = this.guard.open(built);
    if (built instanceof CursorEnumerable) await this.announceSize(built);
    return steps;
  }

  /** The enumerator's total, once per execution and only for a listener (it may cost a count query). */
  private async announceSize(built: CursorEnumerable<unknown, unknown>): Promise<void> {
    if (!this.ctx.events.wants('iteration.size')) return;
    const size = await built.size();
    if (size !== undefined) this.emit('iteration.size', { size });
  }

  /**
   * A parallel enumerator's first execution: enqueue one job per partition, then complete without
   * iterating and without callbacks (job-iteration runs them on the children only).
   */
  private async fanOut(fanOut: ParallelFanOut): Promise<IterationResult> {
    const childJobIds = await enqueuePartitions(this.ctx, this.hooks.jobName, fanOut.instances, this.config.checkpointTtlMs);
    this.emit('iteration.enqueue-parallel-jobs', { instances: fanOut.instances, childJobIds });
    await this.checkpoint_.delete();
    return this.result('fanned-out');
  }

  private async iterateWithCallbacks(iterator: EnumerationSteps<Item, C>, resumed: boolean): Promise<IterationOutcome> {
    try {
      try {
        if (resumed) {
          const state = this.checkpoint_.state!;
          this.emit('iteration.resumed', {
            cursor: this.cursor ?? null,
            interruptions: state.interruptions,
            failures: state.failures,
            throttles: state.throttles,
            runtimeMs: state.runtimeMs,
          });
          await this.hooks.onResume();
        } else {
          await this.hooks.onStart();
        }
        return await this.iterate(iterator);
      } finally {
        await closeIterator(iterator);
      }
    } catch (error) {
      if (isIterationAbort(error)) return { kind: 'aborted', skipComplete: error.skipComplete };
      if (isIterationThrottle(error)) return { kind: 'throttled', backoffMs: error.backoffMs };
      throw error;
    }
  }

  /**
   * The loop. It runs once per item, so it allocates and awaits only what an item needs: sync
   * enumerators are not awaited, hooks the job did not override are skipped, a hook that returns no
   * promise is not awaited, and the item event is built only when someone listens.
   */
  private async iterate(iterator: EnumerationSteps<Item, C>): Promise<IterationOutcome> {
    const { hooks, args } = this;
    const guard = this.guard!;
    const checkpoint = this.checkpoint_;
    const events = this.ctx.events;
    const interruption = this.ctx.interruption;
    let found = false;
    // Before the first item: a cancel set before the job (re)started stops it here.
    let cancelledAt = interruption.cancelledAt;
    if (cancelledAt !== undefined) return { kind: 'cancelled', cancelledAt };
    for (;;) {
      const pending = iterator.next();
      const next = isThenable(pending) ? await pending : pending;
      if (next.done) break;
      found = true;
      const [item, cursor] = guard.pair(next.value, this.items + 1);
      if (hooks.aroundIteration) {
        await hooks.aroundIteration(async () => {
          await hooks.eachIteration(item, args);
        }, item);
      } else {
        const done = hooks.eachIteration(item, args);
        if (isThenable(done)) await done;
      }
      checkpoint.completed(cursor);
      this.items++;
      if (events.wants('iteration.iteration')) this.emitItem(cursor);
      if (this.abortRequest) return { kind: 'aborted', skipComplete: this.abortRequest.skipComplete };
      // Ahead of shouldExit, which an override may replace: a cancel ends the job, never re-enqueues it.
      cancelledAt = interruption.cancelledAt;
      if (cancelledAt !== undefined) return { kind: 'cancelled', cancelledAt };
      // After every item, so every execution makes progress (job-iteration; Sidekiq checks before).
      let decision = hooks.shouldExit ? hooks.shouldExit() : this.defaultExitReason();
      if (isThenable(decision)) decision = await decision;
      const reason = exitReasonOf(decision);
      if (reason !== undefined) return { kind: 'interrupted', reason };
      if (checkpoint.flushDue()) await this.flush('interval');
    }
    if (!found) this.emit('iteration.not-found', { interruptions: checkpoint.state!.interruptions });
    return { kind: 'completed' };
  }

  private async skip(): Promise<IterationResult> {
    this.emit('iteration.nil-enumerator', {});
    await this.checkpoint_.delete();
    return this.result('skipped');
  }

  private async complete(outcome: { kind: 'completed' } | { kind: 'aborted'; skipComplete: boolean }): Promise<IterationResult> {
    const aborted = outcome.kind === 'aborted';
    if (aborted) this.emit('iteration.aborted', { cursor: this.cursor ?? null, skipComplete: outcome.skipComplete });
    const runComplete = !(aborted && outcome.skipComplete);
    if (runComplete) await this.outsideIteration('onComplete', () => this.hooks.onComplete());
    this.checkpoint_.deleteAhead((error) => loggerFor('iteration').warn(`job ${this.jobId}: its checkpoint hash was not deleted at completion (${error.message}); it expires with its TTL`));
    const result = this.result(aborted ? 'aborted' : 'completed');
    if (runComplete) {
      this.emit('iteration.completed', {
        cursor: result.cursor,
        interruptions: result.interruptions,
        throttles: result.throttles,
        failures: result.failures,
        runtimeMs: result.runtimeMs,
        flushes: result.flushes,
        aborted,
      });
    }
    return result;
  }

  /** Sidekiq `on_cancel`: the work ends here, neither failed nor completed; no state is left behind. */
  private async cancelled(cancelledAt: number): Promise<IterationResult> {
    await this.checkpoint_.delete();
    this.emit('iteration.cancelled', { cursor: this.cursor ?? null, items: this.items, cancelledAt });
    return { ...this.result('cancelled'), cancelled: { at: cancelledAt } };
  }

  private async checkpointBeforeRequeue(outcome: { kind: 'interrupted'; reason: string } | { kind: 'throttled'; backoffMs: number }): Promise<void> {
    const checkpoint = this.checkpoint_;
    if (outcome.kind === 'throttled') {
      const throttles = checkpoint.count('throttles');
      await this.flush('throttle');
      this.emit('iteration.throttled', { cursor: this.cursor ?? null, backoffMs: outcome.backoffMs, throttles });
      return;
    }
    const interruptions = checkpoint.count('interruptions');
    const runtimeMs = await this.flush('interrupt');
    this.emit('iteration.interrupted', {
      reason: outcome.reason,
      cursor: this.cursor ?? null,
      items: this.items,
      interruptions,
      runtimeMs: runtimeMs ?? checkpoint.state!.runtimeMs,
    });
  }

  /** Flush the last completed cursor, count the failure, hand the error back for rethrowing. */
  private async failed(error: unknown): Promise<unknown> {
    const checkpoint = this.checkpoint_;
    // A refused write already said what it cost; writing again now would only be refused again.
    if (!checkpoint.state || error instanceof CheckpointSupersededError || error instanceof CheckpointRefusedError) return error;
    if (isRequeueSignal(error)) {
      // The job re-enqueued itself from a hook: keep its progress, count nothing.
      await this.flushQuietly('requeue');
      return error;
    }
    const failures = checkpoint.count('failures');
    await this.flushQuietly('error');
    this.emit('iteration.failed', {
      cursor: this.cursor ?? null,
      errorName: error instanceof Error ? error.name : typeof error,
      error: error instanceof Error ? error.message : String(error),
      failures,
    });
    return error;
  }

  /** Writes the checkpoint and says so; returns the runtime it recorded (undefined: nothing to write). */
  private async flush(trigger: FlushTrigger): Promise<number | undefined> {
    let runtimeMs: number | undefined;
    try {
      runtimeMs = await this.checkpoint_.flush(trigger === 'interval');
    } catch (error) {
      // Superseded, or a key of the wrong type: named errors that say what to do. Anything else is
      // Redis refusing the write: the hash keeps its previous value (one script), say so.
      if (error instanceof CheckpointSupersededError || error instanceof UnrecoverableError) throw error;
      throw this.refused(error);
    }
    if (runtimeMs === undefined) return undefined;
    this.emit('iteration.flushed', { trigger, cursor: this.cursor ?? null, flushes: this.checkpoint_.state!.flushes, runtimeMs });
    return runtimeMs;
  }

  /**
   * Redis refused a write (the checkpoint, or the move after it): says what is lost and where the job
   * resumes, and hands back the error that leaves the job active for BullMQ's stalled check, so no
   * attempt is used for a write that was never made.
   */
  private refused(error: unknown): CheckpointRefusedError {
    const cursor = this.cursor;
    const stored = this.checkpoint_.storedCursor;
    const resumesFrom = stored === undefined ? 'the start' : `after cursor ${JSON.stringify(stored)}`;
    const lost = isDeepStrictEqual(stored, cursor)
      ? 'the checkpoint holds the last completed item, so nothing is lost'
      : `the items after ${stored === undefined ? 'the start' : `cursor ${JSON.stringify(stored)}`} (up to cursor ${JSON.stringify(cursor ?? null)}) are lost and will be redone`;
    this.emit('iteration.checkpoint-refused', {
      error: (error instanceof Error ? error.message : String(error)).split('\n')[0]!,
      lost,
      resumesFrom,
      cursor: cursor ?? null,
      storedCursor: stored ?? null,
    });
    return new CheckpointRefusedError(this.jobId, lost, resumesFrom, error);
  }

  /** On the error path the original error matters more than a failed write. */
  private async flushQuietly(trigger: FlushTrigger): Promise<void> {
    try {
      await this.flush(trigger);
    } catch {
      // The checkpoint keeps its previous value: at worst the retry repeats a few items.
    }
  }

  /** abort() outside the iteration has nothing to stop: say so instead of half-honouring it. */
  private async outsideIteration<T>(where: string, call: () => T | Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isIterationAbort(error)) throw new AbortOutsideIterationError(this.hooks.jobName, where);
      throw error;
    }
  }

  private result(outcome: IterationResult['outcome']): IterationResult {
    const state = this.checkpoint_.state!;
    return {
      outcome,
      cursor: this.cursor ?? null,
      executions: state.executions,
      interruptions: state.interruptions,
      throttles: state.throttles,
      failures: state.failures,
      runtimeMs: Math.round(this.checkpoint_.runtimeMs()),
      flushes: state.flushes,
    };
  }

  /** The per-item event, built field by field (no spreads): it may be emitted a million times. */
  private emitItem(cursor: Cursor): void {
    this.ctx.events.emit('iteration.iteration', {
      engine: 'iteration',
      jobId: this.jobId,
      jobName: this.hooks.jobName,
      at: Date.now(),
      execution: this.checkpoint_.execution,
      cursor,
      items: this.items,
    });
  }

  private emit<K extends IterationEventName>(name: K, fields: EventFields<K>): void {
    const base: IterationEventBase = {
      engine: 'iteration',
      jobId: this.jobId,
      jobName: this.hooks.jobName,
      at: Date.now(),
      execution: this.checkpoint_.execution,
    };
    this.ctx.events.emit(name, { ...base, ...fields } as LifecycleEventMap[K]);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}
