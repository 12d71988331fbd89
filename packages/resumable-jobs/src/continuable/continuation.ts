/**
 * # Continuation: how a continuable job stops and picks up where it left off
 *
 * A port of Rails 8.1 `ActiveJob::Continuation`. A continuable job's `perform()` is a list of named
 * **steps**, run in the order `perform()` reaches them:
 *
 *   async perform({ importId }) {
 *     this.batch = await this.services.imports.find(importId);    // outside steps: runs on EVERY execution
 *     await this.step('validate', () => this.batch.validate());
 *     await this.step('process', async (step) => {              // a step with a cursor
 *       for (const record of await this.batch.recordsAfter(step.cursor ?? 0)) {
 *         await record.process();
 *         await step.set(record.id);                            // progress + a checkpoint
 *       }
 *     });
 *     await this.step('finalize');                              // method form: this.finalize(step)
 *   }
 *
 * ## Steps
 * A step runs once. When the job resumes, completed steps are skipped (their bodies do not run,
 * so anything they assigned to `this` is gone: load state outside steps, as `this.batch` above),
 * the step that was in progress runs again from its stored cursor, and later steps run as usual.
 * Names are unique; steps do not nest; and a resumed job must meet its completed steps again in
 * the same order and then the step it stopped in. Code changed in a way that breaks this between
 * an interrupt and its resumption fails the job with InvalidStepError rather than skip or redo work.
 *
 * ## Cursors
 * A cursor is a step's own record of progress: any JSON value (undefined until set, or the step's
 * `start`; a stored null reads as undefined: "no cursor yet"). The body reads `step.cursor` to know where to start and moves it as it goes:
 * `set(x)` stores x, so the usual keyset loop stores the last id done and reads `id > cursor`;
 * `advance({ from })` stores the position *after* `from` (Rails `from.succ`: integers, or the
 * step's `successor`), so the next execution starts *at* the stored cursor. Arrays make nested
 * cursors: `set([accountId, recordId])`. A cursor JSON would not give back unchanged is refused
 * where it is set (UnserializableCursorError).
 *
 * ## Checkpoints
 * A checkpoint is the only place a job stops: `step.set()`, `step.advance()`, `step.checkpoint()`,
 * and an automatic one before each step once this execution has made progress. There the engine
 * asks the runtime's Interruption (worker shutdown, a control flag, max runtime, item budget); if
 * it says stop, the checkpoint throws a ContinuationInterrupt that unwinds `perform()`. There is no
 * checkpoint after the last step: a job that finishes its work completes even while stopping.
 * Work between two checkpoints is not interrupted: checkpoint more often than the shutdown timeout.
 * Await every checkpoint, and rethrow the interrupt from catch-alls (`isContinuationInterrupt`):
 * unlike Ruby's `Exception`, it is caught by any `catch`, and a step that swallows it fails the job
 * (SwallowedInterruptError) rather than be marked complete with its work cut short.
 *
 * ## When state is written
 * The continuation, `{ completed: [...names], current: [name, cursor] }`, lives in memory while
 * the job runs and is written into the job's data (with `resumptions`) when the job is re-enqueued:
 * after an interrupt, and after an error that followed progress in this execution. Beyond Rails,
 * `checkpointEveryMs` (default 5 s) also writes it at a checkpoint once that long has passed since
 * the last write, so a crash (SIGKILL) loses at most that much work. `checkpointEveryMs = false` is
 * Rails-exact: BullMQ's stalled-job check then re-runs the job from what was stored when it last
 * stopped, as a Rails job would be re-run.
 *
 * ## What resumes
 * The same BullMQ job (same id) runs again after `resume.delayMs` (on `resume.queue` if set); an
 * interruption never counts as a failed attempt. `resumptions` counts these runs; past
 * `maxResumptions` the job fails with ResumeLimitError (its continuation stored on the failed job,
 * so retrying it by hand resumes). An error after progress resumes (unless
 * `resumeErrorsAfterAdvancing` is false); an error with no progress in this execution goes to
 * BullMQ's `attempts`, so a job stuck on one item does not resume forever. Isolated steps always
 * start an execution of their own.
 */
import type { Cursor } from '../runtime/cursor.js';
import type { InterruptReason } from '../runtime/interruption.js';
import { SwallowedInterruptError } from './errors.js';
import { assertCursorRoundTrips, Step, type StepBody, type StepHost, type StepOptions } from './step.js';
import { validateStep } from './step-validation.js';
import type { SerializedContinuation } from './types.js';

/** What a continuation needs from the execution running it. */
export interface ContinuationHost extends StepHost {
  /** Emits the interrupt event and throws ContinuationInterrupt. */
  interrupt(reason: InterruptReason): never;
  /** The interrupt already thrown in this execution, if any (to spot one that was swallowed). */
  readonly thrownInterrupt: Error | undefined;
  stepSkipped(name: string): void;
  stepStarted(step: Step): void;
  stepEnded(step: Step, outcome: { durationMs: number; error?: unknown }): void;
  now(): number;
}

/**
 * The progress of one continuable job: steps completed, the step in progress and its cursor, and
 * what this execution has done. Runs each step through Rails' rules (see the comment above).
 */
export class Continuation {
  private readonly completed: string[];
  private readonly storedCompleted: readonly string[];
  private current: Step | undefined;
  private readonly encountered: string[] = [];
  private running: string | undefined;
  private isolating = false;
  private progressed = false;

  constructor(
    stored: SerializedContinuation | undefined,
    private readonly host: ContinuationHost,
  ) {
    this.completed = [...(stored?.completed ?? [])];
    this.storedCompleted = [...this.completed];
    const current = stored?.current;
    if (current) this.current = new Step<Cursor>(current[0], current[1], true, host);
  }

  /** Did an earlier execution make progress (so this one is a resumption)? */
  get started(): boolean {
    return this.completed.length > 0 || this.current !== undefined;
  }

  /** Has this execution completed a step or moved a cursor? (Rails `advanced?`) */
  get advanced(): boolean {
    return this.progressed || (this.current?.advanced ?? false);
  }

  get completedSteps(): readonly string[] {
    return this.completed;
  }

  /** The step in progress: running now, or stored and not yet reached in this execution. */
  get currentStep(): Step | undefined {
    return this.current;
  }

  /** The step whose body is running right now. */
  get runningStep(): string | undefined {
    return this.running;
  }

  /** `at 'process', cursor '433'`, `after 'load'` or `not started` (Rails' wording). */
  get description(): string {
    if (this.current) return this.current.description;
    const last = this.completed.at(-1);
    return last === undefined ? 'not started' : `after '${last}'`;
  }

  /** The stored form; `current` is left out when no step is in progress. */
  toJSON(): SerializedContinuation {
    return this.current ? { completed: [...this.completed], current: this.current.toJSON() } : { completed: [...this.completed] };
  }

  /** Runs (or skips) one step: Rails `Continuation#step`. */
  async step<C extends Cursor>(name: string, body: StepBody<C>, options: StepOptions<C> = {}): Promise<void> {
    validateStep(name, {
      storedCompleted: this.storedCompleted,
      encountered: this.encountered,
      resumingFrom: this.current?.name,
      running: this.running,
      isCompleted: (step) => this.completed.includes(step),
    });
    this.encountered.push(name);

    if (this.completed.includes(name)) {
      this.host.stepSkipped(name);
      return;
    }
    // Sticky: once an isolated step is reached, every later step also waits for a fresh execution.
    this.isolating ||= options.isolated ?? false;
    if (this.isolating && this.advanced) this.host.interrupt('isolating');
    await this.runStep(name, body, options);
  }

  private async runStep<C extends Cursor>(name: string, body: StepBody<C>, options: StepOptions<C>): Promise<void> {
    this.running = name;
    try {
      const step = this.stepFor(name, options);
      this.current = step as unknown as Step;
      const startedAt = this.host.now();
      this.host.stepStarted(this.current);
      try {
        await body(step);
        // Finishing a step marks its work done: not if an interrupt was thrown and swallowed in it.
        const interrupt = this.host.thrownInterrupt;
        if (interrupt) throw new SwallowedInterruptError(`Step '${name}'`, interrupt.message);
      } catch (error) {
        this.host.stepEnded(this.current, { durationMs: this.host.now() - startedAt, error });
        throw error;
      }
      this.host.stepEnded(this.current, { durationMs: this.host.now() - startedAt });
      this.completed.push(name);
      this.current = undefined;
      this.progressed = true;
    } finally {
      this.running = undefined;
      this.progressed ||= this.current?.advanced ?? false;
    }
  }

  /** The resumed step keeps its stored cursor (`start` is ignored); a new one starts at `start`. */
  private stepFor<C extends Cursor>(name: string, options: StepOptions<C>): Step<C> {
    const resumed = this.current;
    if (resumed && resumed.name === name) {
      return new Step<C>(name, resumed.cursor as C | undefined, true, this.host, options.successor);
    }
    if (options.start !== undefined) assertCursorRoundTrips(name, options.start);
    return new Step<C>(name, options.start, false, this.host, options.successor);
  }
}
