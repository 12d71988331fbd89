import type { Job } from 'bullmq';
import type { Cursor } from '../runtime/cursor.js';
import { DEFAULT_CHECKPOINT_INTERVAL_MS } from '../runtime/defaults.js';
import { jobNameOf } from '../runtime/runtime.js';
import type { ExecutableJob, ExecutionContext } from '../runtime/types.js';
import { ContinuableExecution } from './continuable-execution.js';
import { ContinuableJobNotRunningError, InvalidStepError } from './errors.js';
import { parseJobData } from './job-data.js';
import { continuableProgressEvents } from './progress-events.js';
import type { StepBody, StepOptions } from './step.js';
import type { ContinuableJobData, ContinuableSettings, ResumeOptions } from './types.js';

/**
 * Base class of a continuable job (Rails `include ActiveJob::Continuable`). Subclass it, declare
 * steps in `perform()`, and tune it with statics:
 *
 *   export class ImportDeliveries extends ContinuableJob<{ path: string }, { db: pg.Pool }> {
 *     static override resume = { delayMs: 5_000 };        // Rails resume_options
 *     static override maxResumptions = 50;                // Rails max_resumptions (default: none)
 *
 *     async perform({ path }: { path: string }) {
 *       await this.step<CsvCursor>('import', async (step) => {
 *         for await (const [row, cursor] of enumeratorBuilder.csv(path, { cursor: step.cursor ?? undefined })) {
 *           await applyDelivery(this.services.db, String(this.job.id), parseDelivery(row));
 *           await step.set(cursor);                        // a checkpoint: may stop the job here
 *         }
 *       });
 *     }
 *   }
 *
 * (examples/csv-import/ holds this job in full, compiled and run by a scenario.) A step may also be
 * a method: `await this.step('finalize')` calls `this.finalize(step)`.
 * Enqueue with `runtime.enqueue(ImportDeliveries, args)`: the data becomes `ImportDeliveries.jobData(args)`.
 * See continuation.ts for the model: steps, cursors, checkpoints, what is stored and what resumes.
 */
export abstract class ContinuableJob<Args = unknown, Services = unknown> implements ExecutableJob {
  /** Where and when the job runs again after it stops (Rails default: 5 s, same queue). */
  static resume: ResumeOptions = { delayMs: 5_000 };
  /** Fail with ResumeLimitError rather than resume more than this many times; undefined: no limit. */
  static maxResumptions: number | undefined = undefined;
  /** An error after progress in this execution resumes the job (true, Rails' default) or fails it. */
  static resumeErrorsAfterAdvancing = true;
  /**
   * Beyond Rails: also write the continuation into the job's data at a checkpoint once this many
   * ms have passed since the last write, so a crash (SIGKILL) loses at most this much work, the
   * same bound as iteration's flush (default 5 s). `false` is Rails-exact: the continuation is
   * written only when the job stops, and a crash redoes the whole execution.
   */
  static checkpointEveryMs: number | false = DEFAULT_CHECKPOINT_INTERVAL_MS;

  /** How this engine's events become the progress published with job.updateProgress. */
  static readonly progressEvents = continuableProgressEvents;

  /** The job's first data: its arguments, with no continuation yet. */
  static jobData<A>(args: A): ContinuableJobData<A> {
    return { args };
  }

  /** The arguments inside the job's data (the runtime validates them against `argsSchema`). */
  static argsOf(data: unknown): unknown {
    return data !== null && typeof data === 'object' ? (data as { args?: unknown }).args : undefined;
  }

  // ES private (#): a subclass may use any member name without clashing with the engine's state.
  #execution: ContinuableExecution | undefined;
  #context: ExecutionContext | undefined;
  #args: Args | undefined;

  constructor(readonly services: Services) {}

  /**
   * Once, when the job was cancelled (`runtime.cancel(id)`; Sidekiq's `on_cancel`): before
   * perform() if it had not started, else at the checkpoint that saw the cancel. No step runs after it.
   */
  protected onCancel(): void | Promise<void> {}

  /**
   * Is a database transaction open here? A checkpoint then fails the job with
   * CheckpointInTransactionError (Rails' guard). Default: no data layer is asked. With MikroORM:
   * `protected override isInTransaction = inTransactionOf(this.services.orm.em);` (`resumable-jobs/mikro-orm`)
   */
  protected isInTransaction: () => boolean = () => false;

  /** The job's work. Code outside steps runs on every execution; each step runs to completion once. */
  abstract perform(args: Args): Promise<unknown>;

  /** The arguments the job was enqueued with. */
  get args(): Args {
    this.#running('args');
    return this.#args as Args;
  }

  /** How many times this job has been resumed, this execution included (Rails `resumptions`). */
  get resumptions(): number {
    return this.#running('resumptions').resumptions;
  }

  /** Which run of the job this is, from 1 (Rails `executions`; BullMQ `attemptsStarted`). */
  get executions(): number {
    return this.job.attemptsStarted;
  }

  /** When the job was cancelled (ms since the epoch; Sidekiq `cancelled?`), or undefined. */
  get cancelledAt(): number | undefined {
    this.#running('cancelledAt');
    return this.#context!.interruption.cancelledAt;
  }

  /** The BullMQ job being run. */
  get job(): Job<ContinuableJobData<Args>> {
    this.#running('job');
    return this.#context!.job as Job<ContinuableJobData<Args>>;
  }

  /**
   * Declares a step, runs it unless an earlier execution completed it, and resolves when it is done.
   * Block form: `this.step('process', async (step) => …, { start: 0 })`. Method form:
   * `this.step('finalize')` calls `this.finalize(step)`; `this.step('finalize', this.finalize)` too.
   * Always `await` it: steps run one after another.
   */
  protected step<C extends Cursor = Cursor>(name: string, body: StepBody<C>, options?: StepOptions<C>): Promise<void>;
  protected step(name: string, options?: StepOptions): Promise<void>;
  protected step<C extends Cursor>(
    name: string,
    bodyOrOptions?: StepBody<C> | StepOptions<C>,
    maybeOptions?: StepOptions<C>,
  ): Promise<void> {
    const execution = this.#running(`step '${name}'`);
    const body = typeof bodyOrOptions === 'function' ? bodyOrOptions : this.#stepMethod<C>(name);
    const options = (typeof bodyOrOptions === 'function' ? maybeOptions : bodyOrOptions) ?? {};
    const done = (async () => {
      // Rails: an automatic checkpoint before each step, once this execution has made progress.
      if (execution.continuation.advanced) await execution.checkpointBeforeStep();
      await execution.continuation.step<C>(name, (step) => body.call(this, step), options);
    })();
    // Unawaited steps are caught when perform() returns (InvalidStepError), not by a process crash.
    done.catch(() => undefined);
    return done;
  }

  /** Called by the runtime once per execution. */
  async execute(ctx: ExecutionContext): Promise<unknown> {
    const cls = this.constructor as typeof ContinuableJob;
    const jobName = jobNameOf(cls);
    const data = parseJobData<Args>(String(ctx.job.id), jobName, ctx.job.data);
    this.#context = ctx;
    this.#args = data.args;
    const settings = { ...settingsOf(cls), isInTransaction: () => this.isInTransaction() };
    this.#execution = new ContinuableExecution(ctx, settings, data, jobName);
    return this.#execution.run(
      () => this.perform(data.args),
      () => this.onCancel(),
    );
  }

  /** Rails' method form: `step :finalize` calls `finalize` or `finalize(step)`. */
  #stepMethod<C extends Cursor>(name: string): StepBody<C> {
    const method: unknown = (this as unknown as Record<string, unknown>)[name];
    const jobName = jobNameOf(this.constructor as typeof ContinuableJob);
    if (typeof method !== 'function') {
      throw new InvalidStepError(
        `Step '${name}' has no body: pass a function, or define a method '${name}' on ${jobName}`,
        'method',
      );
    }
    if (method.length > 1) {
      throw new InvalidStepError(`Step method '${name}' must accept 0 or 1 arguments`, 'method');
    }
    return method as StepBody<C>;
  }

  #running(what: string): ContinuableExecution {
    if (!this.#execution) throw new ContinuableJobNotRunningError(jobNameOf(this.constructor as typeof ContinuableJob), what);
    return this.#execution;
  }
}

/** The statics of a job class, with Rails' defaults for those it leaves out. */
function settingsOf(cls: typeof ContinuableJob): Omit<ContinuableSettings, 'isInTransaction'> {
  return {
    resume: cls.resume,
    maxResumptions: cls.maxResumptions,
    resumeErrorsAfterAdvancing: cls.resumeErrorsAfterAdvancing,
    checkpointEveryMs: cls.checkpointEveryMs,
  };
}
