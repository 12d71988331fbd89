import { UnrecoverableError } from 'bullmq';

/** An enumerator builder was called with arguments it cannot work with. */
export class InvalidEnumeratorOptionsError extends UnrecoverableError {
  override readonly name = 'InvalidEnumeratorOptionsError';
  constructor(builder: string, problem: string, fix: string) {
    super(`enumerate.${builder}: ${problem}; ${fix}`);
  }
}
