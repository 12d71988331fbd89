import { ContinuationError } from './continuation-error.js';

/**
 * A checkpoint threw the engine's ContinuationInterrupt and the code around it went on as if nothing
 * happened: a catch-all `try/catch` swallowed it, or a `step.set/advance/checkpoint()` was not
 * awaited. Completing the step now could mark unfinished work as done, so the job fails instead.
 */
export class SwallowedInterruptError extends ContinuationError {
  override readonly name = 'SwallowedInterruptError';
  constructor(where: string, interruptMessage: string) {
    super(
      `${where} returned normally after it was interrupted (${interruptMessage}): a catch block swallowed the ` +
        'ContinuationInterrupt, or a step.set()/advance()/checkpoint() was not awaited. Await every checkpoint and ' +
        'rethrow interrupts from catch blocks: if (isContinuationInterrupt(error)) throw error',
    );
  }
}
