import type { Cursor } from '../runtime/cursor.js';
import { jobNameOf } from '../runtime/runtime.js';
import type { ExecutableJob, ExecutionContext } from '../runtime/types.js';
import { CheckpointStore } from './checkpoint-store.js';
import { enumeratorBuilder, type EnumeratorBuilder } from './enumerators/enumerator-builder.js';
import type { ParallelFanOut } from './enumerators/parallel.js';
import { InvalidJobDataError } from './errors.js';
import { IterationExecution } from './iteration-execution.js';
import { assertIterationShape } from './job-shape.js';
import { effectiveMaxJobRuntimeMs } from './max-job-runtime.js';
import { iterationSettings } from './settings.js';
import type {
  AbortOptions,
  BuildEnumeratorOptions,
  CheckpointState,
  Enumeration,
  ExitDecision,
  IterationHooks,
  IterationJobData,
} from './types.js';
import { iterationProgressEvents } from './progress-events.js';

/**
 * An iteration job (Shopify job-iteration's `JobIteration::Iteration`, with Sidekiq 7.3 IterableJob's
 * Redis checkpoint): return an enumerator of [item, cursor] pairs from `buildEnumerator`, process one
 * item in `eachIteration`, and the engine does the rest: interrupt after any item when asked, resume
 * strictly after the last completed item, flush progress to Redis so a crash loses little.
 *
 *   class ProcessOrders extends IterationJob<{ region: string }, Order, number, Services> {
 *     buildEnumerator(args, { cursor }) {
 *       return this.enumerate.keyset((after, limit) => this.services.orders.pendingAfter(after, limit), { cursor });
 *     }
 *     async eachIteration(order) { await this.services.orders.process(order); }
 *     override async onComplete() { ... }
 *   }
 *
 * Statics a class may set: `maxJobRuntimeMs` (the lower of it and the global one wins),
 * `retryBackoffMs`, `flushIntervalMs` (see configureIteration for the global defaults).
 */
export abstract class IterationJob<Args = unknown, Item = unknown, C extends Cursor = Cursor, Services = unknown>
  implements ExecutableJob
{
  static maxJobRuntimeMs: number | undefined = undefined;
  static retryBackoffMs: number | undefined = undefined;
  static flushIntervalMs: number | undefined = undefined;

  /** How this engine's events become the progress published with job.updateProgress. */
  static readonly progressEvents = iterationProgressEvents;

  /** Job data is `{ args }`: progress lives only in the checkpoint hash, never in the job. */
  static jobData<A>(args: A): IterationJobData<A> {
    return { args };
  }

  /** The arguments inside the job's data (the runtime validates them against `argsSchema`). */
  static argsOf(data: unknown): unknown {
    return data !== null && typeof data === 'object' ? (data as { args?: unknown }).args : undefined;
  }

  /** The enumerator builders: this.enumerate.keyset(...), .array(...), .nested(...), ... (MikroORM's records/batches: resumable-jobs/mikro-orm) */
  readonly enumerate: EnumeratorBuilder = enumeratorBuilder;
  // ES private (#): subclasses may use any member name without clashing with the engine's state.
  #current: IterationExecution<Args, Item, C> | undefined;
  #args: Args | undefined;
  #context: ExecutionContext | undefined;

  constructor(readonly services: Services) {
    assertIterationShape(this, this.jobName, IterationJob.prototype.execute);
  }

  /** Where to start: resume strictly after `cursor` (undefined on a fresh start). null skips the job. */
  abstract buildEnumerator(
    args: Args,
    options: BuildEnumeratorOptions<C>,
  ): Enumeration<Item, C> | ParallelFanOut | null | Promise<Enumeration<Item, C> | ParallelFanOut | null>;

  /** The work for one item. Throwing checkpoints the previous item and lets BullMQ retry this one. */
  abstract eachIteration(item: Item, args: Args): unknown;

  /** First execution only (not after interruptions, throttles, retries or crashes). */
  protected onStart(): void | Promise<void> {}
  /** Every later execution. */
  protected onResume(): void | Promise<void> {}
  /** End of every execution that did not throw: completed, interrupted, throttled or aborted. */
  protected onShutdown(): void | Promise<void> {}
  /** Once, when the enumerator is exhausted or `abort()` asked to complete early. */
  protected onComplete(): void | Promise<void> {}
  /**
   * Once, when the job was cancelled (`runtime.cancel(id)`, Sidekiq `on_cancel`): before its first
   * item, or after the item it was doing. onShutdown follows; onComplete does not run.
   */
  protected onCancel(): void | Promise<void> {}

  /** Wraps each item; call `next()` exactly once to run eachIteration. */
  protected async aroundIteration(next: () => Promise<void>, _item: Item): Promise<void> {
    await next();
  }

  /**
   * Asked once after every item: a reason to stop (string), `true` ("interrupted"), or nothing. The
   * default stops on max job runtime, worker shutdown, control flags and the runtime's limits.
   * Override to add conditions and fall back on `super.shouldExit()`.
   */
  protected shouldExit(): ExitDecision | Promise<ExitDecision> {
    return this.#running('shouldExit').defaultExitReason();
  }

  /** Ends the iteration now: onComplete runs and the job completes; `{ skipComplete: true }` skips onComplete. */
  protected abort(options: AbortOptions = {}): never {
    return this.#running('abort').requestAbort(options);
  }

  get jobName(): string {
    return jobNameOf(this.constructor as typeof IterationJob);
  }

  /** The job's arguments (from its data, `{ args }`). */
  get args(): Args {
    this.#running('args');
    return this.#args as Args;
  }

  /** Cursor of the last completed item (read-only; undefined before the first). */
  get cursor(): C | undefined {
    return this.#running('cursor').cursor as C | undefined;
  }

  /** This execution's number: 1 for the first, +1 for every resume, retry or crash recovery. */
  get executions(): number {
    return this.#running('executions').checkpoint?.executions ?? 0;
  }

  /** The checkpoint's counters as of this execution (executions includes this one). */
  get checkpoint(): Readonly<CheckpointState> | undefined {
    return this.#running('checkpoint').checkpoint;
  }

  /** When the job was cancelled (ms since the epoch; Sidekiq `cancelled?`), or undefined. */
  get cancelledAt(): number | undefined {
    this.#running('cancelledAt');
    return this.#context!.interruption.cancelledAt;
  }

  /** Items completed in this execution. */
  get itemsThisExecution(): number {
    return this.#running('itemsThisExecution').items;
  }

  /** The BullMQ job, signal, queue and event bus of this execution. */
  get context(): ExecutionContext {
    this.#running('context');
    return this.#context!;
  }

  /** Runs one execution; called by the runtime's worker. Iteration jobs must not override it. */
  async execute(ctx: ExecutionContext): Promise<unknown> {
    const jobName = this.jobName;
    assertIterationShape(this, jobName, IterationJob.prototype.execute);
    const args = argsOf<Args>(jobName, ctx.job.data);
    const settings = iterationSettings();
    const cls = this.constructor as typeof IterationJob;
    const key = CheckpointStore.keyFor(ctx.prefix, ctx.queue.name, String(ctx.job.id));
    const store = new CheckpointStore(ctx.redis, key, settings.checkpointTtlMs, String(ctx.job.timestamp));
    this.#args = args;
    this.#context = ctx;
    this.#current = new IterationExecution(this.#hooks(jobName), ctx, args, store, {
      maxJobRuntimeMs: effectiveMaxJobRuntimeMs(settings.maxJobRuntimeMs, cls.maxJobRuntimeMs),
      retryBackoffMs: cls.retryBackoffMs ?? settings.retryBackoffMs,
      flushIntervalMs: cls.flushIntervalMs ?? settings.flushIntervalMs,
      checkpointTtlMs: settings.checkpointTtlMs,
    });
    return this.#current.run();
  }

  #hooks(jobName: string): IterationHooks<Args, Item, C> {
    return {
      jobName,
      buildEnumerator: (args, options) => this.buildEnumerator(args, options),
      eachIteration: (item, args) => this.eachIteration(item, args),
      onStart: () => this.onStart(),
      onResume: () => this.onResume(),
      onShutdown: () => this.onShutdown(),
      onComplete: () => this.onComplete(),
      onCancel: () => this.onCancel(),
      // Left out when not overridden, so an item costs no extra closure, promise or call.
      ...(this.#overrides('aroundIteration') ? { aroundIteration: (next, item) => this.aroundIteration(next, item) } : {}),
      ...(this.#overrides('shouldExit') ? { shouldExit: () => this.shouldExit() } : {}),
    };
  }

  #overrides(hook: 'aroundIteration' | 'shouldExit'): boolean {
    return this[hook] !== IterationJob.prototype[hook];
  }

  #running(what: string): IterationExecution<Args, Item, C> {
    if (!this.#current) throw new Error(`${this.jobName}.${what} is only available while the job is executing`);
    return this.#current;
  }
}

function argsOf<Args>(jobName: string, data: unknown): Args {
  const isPlainObject = data !== null && typeof data === 'object' && !Array.isArray(data);
  // JSON drops `args: undefined`, so `{}` is a job enqueued without arguments.
  if (!isPlainObject || Object.keys(data).some((key) => key !== 'args')) throw new InvalidJobDataError(jobName, data);
  return (data as { args?: Args }).args as Args;
}
