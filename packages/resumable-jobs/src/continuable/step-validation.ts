import { InvalidStepError } from './errors.js';

/** What the rules look at: the stored continuation and what this execution has seen so far. */
export interface StepValidationState {
  /** Steps completed before this execution started, in order (from the stored continuation). */
  readonly storedCompleted: readonly string[];
  /** Every step name `perform()` has reached in this execution, in order. */
  readonly encountered: readonly string[];
  /** The step that was in progress when the job stopped, until it completes. */
  readonly resumingFrom: string | undefined;
  /** The step whose body is running right now. */
  readonly running: string | undefined;
  /** Is this step already completed (then it is skipped)? */
  isCompleted(name: string): boolean;
}

/**
 * The rules of Rails' `Continuation::Validation`, in its order, with its messages (then what to do).
 * The last two protect a resumed job from code that changed between deploys: a job must never skip
 * or repeat work because its steps were renamed, removed or reordered.
 */
export function validateStep(name: unknown, state: StepValidationState): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidStepError(
      `Step '${String(name)}' must be a non-empty string, found '${name === '' ? 'empty string' : typeof name}'`,
      'name',
    );
  }
  if (state.encountered.includes(name)) {
    throw new InvalidStepError(
      `Step '${name}' has already been encountered; give each step of perform() its own name`,
      'duplicate',
    );
  }
  if (state.running !== undefined) {
    throw new InvalidStepError(
      `Step '${name}' is nested inside step '${state.running}'; steps run one after another: ` +
        "call this.step() from perform(), not from a step's body, and await each call",
      'nested',
    );
  }
  if (state.resumingFrom !== undefined && state.resumingFrom !== name && !state.isCompleted(name)) {
    throw new InvalidStepError(
      `Step '${name}' found, expected to resume from '${state.resumingFrom}'; the job stopped in step ` +
        `'${state.resumingFrom}', which this code does not reach next (renamed or removed in a deploy?): ` +
        'restore that step, or remove the job and enqueue it again',
      'unexpected',
    );
  }
  const expected = state.storedCompleted[state.encountered.length];
  if (expected !== undefined && expected !== name) {
    throw new InvalidStepError(
      `Step '${name}' found, expected to see '${expected}'; the job completed ` +
        `${state.storedCompleted.map((step) => `'${step}'`).join(', ')} in that order and this code reaches its ` +
        'steps in another order: keep completed steps where they were (add new steps after them), ' +
        'or remove the job and enqueue it again',
      'reordered',
    );
  }
}
