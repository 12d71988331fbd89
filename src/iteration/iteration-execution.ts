import { compareCursors, findCursorProblem, sameCursor, type Cursor } from '../runtime/cursor.js';
import type { LifecycleEventMap } from '../runtime/lifecycle-events.js';
import { isRequeueSignal, requeue, type ContinuedElsewhere } from '../runtime/requeue.js';
import type { ExecutionContext } from '../runtime/types.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { closeIterator, CursorEnumerable, isEnumeration, openEnumeration } from './cursor-enumerable.js';
import { describeValue } from './describe-value.js';
import { AbortOutsideIterationError, CheckpointSupersededError, CursorIgnoredError, CursorNotSerializableError, EnumeratorNotIterableError, InvalidEnumeratorItemError } from './errors.js';
import type { IterationEventBase, IterationEventName } from './events.js';
import { defaultExitReason, exitReasonOf } from './should-exit.js';
import { IterationAbort, IterationThrottle } from './signals.js';
import type {
  AbortOptions,
  CheckpointState,
  EnumeratedPair,
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
 *   completed/aborted: onComplete, delete the hash | interrupted/throttled: flush, re-enqueue.
 * An error flushes the last completed cursor and is rethrown for BullMQ's attempts/backoff.
 */
export class IterationExecution<Args, Item, C> {
  readonly startedAt = Date.now();
  /** Items completed in this execution. */
  items = 0;
  /** Cursor of the last completed item. */
  cursor: Cursor | undefined;
  private state: CheckpointState | undefined;
  private storedCursor: Cursor | undefined;
  /** Builders (and wrap) are checked exactly when built; only unmarked iterables get the order check. */
  private checkFirstCursorOrder = false;
  private baseRuntimeMs = 0;
  private abortRequest: IterationAbort | undefined;
  private lastFlushAt = this.startedAt;
  private lastFlushedCursor: Cursor | undefined;

  constructor(
    private readonly hooks: IterationHooks<Args, Item, C>,
    private readonly ctx: ExecutionContext,
    private readonly args: Args,
    private readonly store: CheckpointStore,
    private readonly config: ExecutionConfig,
  ) {}

  get checkpoint(): Readonly<CheckpointState> | undefined {
    return this.state;
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  runtimeMs(): number {
    return this.baseRuntimeMs + this.elapsedMs();
  }

  /** What `shouldExit()` answers unless overridden. */
  defaultExitReason(): string | undefined {
    return defaultExitReason({
      elapsedMs: this.elapsedMs(),
      maxJobRuntimeMs: this.config.maxJobRuntimeMs,
      interruption: this.ctx.interruption,
      items: this.items,
      cursor: this.cursor,
    });
  }

  /** Remembered as well as thrown: user code that swallows the throw still ends the iteration. */
  requestAbort(options: AbortOptions): never {
    this.abortRequest = new IterationAbort(options.skipComplete === true);
    throw this.abortRequest;
  }

  async run(): Promise<IterationResult | ContinuedElsewhere> {
    const { previous, state } = await this.store.begin();
    this.state = state;
    this.cursor = this.storedCursor = this.lastFlushedCursor = state.cursor;
    this.baseRuntimeMs = state.runtimeMs;
    let outcome: IterationOutcome;
    try {
      const iterator = await this.buildIterator();
      if (!iterator) return await this.skip();
      // A hash an operator seeded with only a cursor has no executions yet: still a first run.
      outcome = await this.iterateWithCallbacks(iterator, (previous?.executions ?? 0) > 0);
      await this.outsideIteration('onShutdown', () => this.hooks.onShutdown());
      if (outcome.kind === 'completed' || outcome.kind === 'aborted') return await this.complete(outcome);
      await this.checkpointBeforeRequeue(outcome);
    } catch (error) {
      throw await this.failed(error);
    }
    // Outside the try: requeue's marker errors (and LockLostError) must reach BullMQ untouched.
    const delayMs = outcome.kind === 'throttled' ? outcome.backoffMs : this.config.retryBackoffMs;
    return requeue(this.ctx, { delayMs });
  }

  private async buildIterator(): Promise<AsyncIterator<EnumeratedPair<Item, C>> | undefined> {
    const { jobName } = this.hooks;
    this.emit('iteration.build-enumerator', { cursor: this.cursor ?? null });
    const built = await this.outsideIteration('buildEnumerator', () =>
      this.hooks.buildEnumerator(this.args, { cursor: this.cursor as C | undefined }),
    );
    if (built === null) return undefined;
    if (built === undefined) {
      throw new EnumeratorNotIterableError(jobName, 'undefined', 'Did you forget to return it? Return null to skip the job on purpose.');
    }
    if (Array.isArray(built)) {
      throw new EnumeratorNotIterableError(jobName, describeValue(built), 'An array carries no cursors, so it cannot resume: wrap it with this.enumerate.array(items, { cursor }).');
    }
    if (!isEnumeration(built)) {
      throw new EnumeratorNotIterableError(jobName, describeValue(built), 'It needs [Symbol.asyncIterator] or [Symbol.iterator], e.g. an async generator.');
    }
    // "Ignores cursor", exactly: a builder from this.enumerate knows the cursor it was handed.
    if (built instanceof CursorEnumerable && built.resumesAfter && !sameCursor(built.resumesAfter.cursor, this.storedCursor)) {
      throw new CursorIgnoredError(jobName, this.storedCursor ?? null, `buildEnumerator handed ${built.builder} the cursor ${JSON.stringify(built.resumesAfter.cursor ?? null)}`);
    }
    this.checkFirstCursorOrder = !(built instanceof CursorEnumerable && built.resumesAfter);
    return openEnumeration(built as AsyncIterable<EnumeratedPair<Item, C>>);
  }

  private async iterateWithCallbacks(iterator: AsyncIterator<EnumeratedPair<Item, C>>, resumed: boolean): Promise<IterationOutcome> {
    try {
      try {
        if (resumed) {
          const state = this.state!;
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
      if (error instanceof IterationAbort) return { kind: 'aborted', skipComplete: error.skipComplete };
      if (error instanceof IterationThrottle) return { kind: 'throttled', backoffMs: error.backoffMs };
      throw error;
    }
  }

  private async iterate(iterator: AsyncIterator<EnumeratedPair<Item, C>>): Promise<IterationOutcome> {
    let found = false;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      found = true;
      const [item, cursor] = this.pairOf(next.value);
      await this.hooks.aroundIteration(async () => {
        await this.hooks.eachIteration(item, this.args);
      }, item);
      this.cursor = cursor;
      this.items++;
      this.emit('iteration.iteration', { cursor, items: this.items });
      if (this.abortRequest) return { kind: 'aborted', skipComplete: this.abortRequest.skipComplete };
      // After every item, so every execution makes progress (job-iteration; Sidekiq checks before).
      const reason = exitReasonOf(await this.hooks.shouldExit());
      if (reason !== undefined) return { kind: 'interrupted', reason };
      if (Date.now() - this.lastFlushAt >= this.config.flushIntervalMs) await this.flush('interval');
    }
    if (!found) this.emit('iteration.not-found', { interruptions: this.state!.interruptions });
    return { kind: 'completed' };
  }

  /** Checks one step before its item runs: shape, resume position, JSON-safety of the cursor. */
  private pairOf(value: unknown): [Item, Cursor] {
    const position = this.items + 1;
    if (!Array.isArray(value) || value.length !== 2) throw new InvalidEnumeratorItemError(this.hooks.jobName, position, describeValue(value));
    const [item, cursor] = value as [Item, unknown];
    if (this.items === 0 && this.storedCursor !== undefined) this.checkResumedAfter(cursor, this.storedCursor);
    const problem = findCursorProblem(cursor);
    if (problem) throw new CursorNotSerializableError(this.hooks.jobName, position, problem.path, problem.problem);
    return [item, cursor as Cursor];
  }

  /**
   * "Ignores cursor", for hand-written enumerators: the first item of a resume must come strictly
   * after the checkpoint. Repeating the checkpointed cursor is always wrong; being before it is
   * wrong when cursors ascend, which is judged only when they can be ordered (see compareCursors).
   */
  private checkResumedAfter(first: unknown, stored: Cursor): void {
    const { jobName } = this.hooks;
    if (sameCursor(first, stored)) {
      throw new CursorIgnoredError(jobName, stored, 'its enumerator yielded that same cursor again as its first item (enumerators must resume strictly after it)');
    }
    if (this.checkFirstCursorOrder && compareCursors(first, stored) === -1) {
      throw new CursorIgnoredError(
        jobName,
        stored,
        `its enumerator's first item has cursor ${JSON.stringify(first)}, before the checkpoint (if this enumerator's cursors do not ascend, build it with this.enumerate.wrap(iterable, { cursor }) to skip this check)`,
      );
    }
  }

  private async skip(): Promise<IterationResult> {
    this.emit('iteration.nil-enumerator', {});
    await this.store.delete(this.state!.executions);
    return this.result('skipped');
  }

  private async complete(outcome: { kind: 'completed' } | { kind: 'aborted'; skipComplete: boolean }): Promise<IterationResult> {
    const aborted = outcome.kind === 'aborted';
    if (aborted) this.emit('iteration.aborted', { cursor: this.cursor ?? null, skipComplete: outcome.skipComplete });
    const runComplete = !(aborted && outcome.skipComplete);
    if (runComplete) await this.outsideIteration('onComplete', () => this.hooks.onComplete());
    await this.store.delete(this.state!.executions);
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

  private async checkpointBeforeRequeue(outcome: { kind: 'interrupted'; reason: string } | { kind: 'throttled'; backoffMs: number }): Promise<void> {
    const state = this.state!;
    if (outcome.kind === 'throttled') {
      state.throttles++;
      await this.flush('throttle');
      this.emit('iteration.throttled', { cursor: this.cursor ?? null, backoffMs: outcome.backoffMs, throttles: state.throttles });
      return;
    }
    state.interruptions++;
    const runtimeMs = await this.flush('interrupt');
    this.emit('iteration.interrupted', {
      reason: outcome.reason,
      cursor: this.cursor ?? null,
      items: this.items,
      interruptions: state.interruptions,
      runtimeMs,
    });
  }

  /** Flush the last completed cursor, count the failure, hand the error back for rethrowing. */
  private async failed(error: unknown): Promise<unknown> {
    const state = this.state;
    if (!state || error instanceof CheckpointSupersededError) return error;
    if (isRequeueSignal(error)) {
      // The job re-enqueued itself from a hook: keep its progress, count nothing.
      await this.flushQuietly('requeue');
      return error;
    }
    state.failures++;
    await this.flushQuietly('error');
    this.emit('iteration.failed', {
      cursor: this.cursor ?? null,
      errorName: error instanceof Error ? error.name : typeof error,
      error: error instanceof Error ? error.message : String(error),
      failures: state.failures,
    });
    return error;
  }

  /** Writes the checkpoint; returns the runtime it recorded. */
  private async flush(trigger: FlushTrigger): Promise<number> {
    const state = this.state!;
    this.lastFlushAt = Date.now();
    // An interval with no new item has nothing to write.
    if (trigger === 'interval' && sameCursor(this.cursor, this.lastFlushedCursor)) return state.runtimeMs;
    state.flushes++;
    state.cursor = this.cursor;
    const runtimeMs = Math.round(this.runtimeMs());
    await this.store.flush(state, runtimeMs);
    state.runtimeMs = runtimeMs;
    this.lastFlushedCursor = this.cursor;
    this.emit('iteration.flushed', { trigger, cursor: this.cursor ?? null, flushes: state.flushes, runtimeMs });
    return runtimeMs;
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
      if (error instanceof IterationAbort) throw new AbortOutsideIterationError(this.hooks.jobName, where);
      throw error;
    }
  }

  private result(outcome: IterationResult['outcome']): IterationResult {
    const state = this.state!;
    return {
      outcome,
      cursor: this.cursor ?? null,
      executions: state.executions,
      interruptions: state.interruptions,
      throttles: state.throttles,
      failures: state.failures,
      runtimeMs: Math.round(this.runtimeMs()),
      flushes: state.flushes,
    };
  }

  private emit<K extends IterationEventName>(name: K, fields: EventFields<K>): void {
    const base: IterationEventBase = {
      engine: 'iteration',
      jobId: String(this.ctx.job.id),
      jobName: this.hooks.jobName,
      at: Date.now(),
      execution: this.state?.executions ?? 0,
    };
    this.ctx.events.emit(name, { ...base, ...fields } as LifecycleEventMap[K]);
  }
}
