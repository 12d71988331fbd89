import { ContinuationError } from './continuation-error.js';

/** Which rule a step broke (Rails validation.rb, plus the two an async port needs). */
export type InvalidStepRule =
  | 'name'
  | 'method'
  | 'duplicate'
  | 'nested'
  | 'unexpected'
  | 'reordered'
  | 'unawaited';

/**
 * A step broke a rule of `perform()`: a bad or duplicate name, a step inside a step, or a step list
 * that no longer matches the stored continuation (the code changed between an interrupt and its
 * resumption). Rails' messages come first, verbatim in shape; what to do follows.
 */
export class InvalidStepError extends ContinuationError {
  override readonly name = 'InvalidStepError';
  constructor(
    message: string,
    readonly rule: InvalidStepRule,
  ) {
    super(message);
  }
}
