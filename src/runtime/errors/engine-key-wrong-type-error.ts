import { UnrecoverableError } from 'bullmq';

/**
 * An engine key (a checkpoint hash, a control flag) holds another Redis type: something else wrote
 * there. Retrying cannot fix it, so the job fails at once, naming the key and the way out.
 */
export class EngineKeyWrongTypeError extends UnrecoverableError {
  override readonly name = 'EngineKeyWrongTypeError';
  constructor(
    readonly key: string,
    expected: string,
    actual: string,
  ) {
    super(
      `Redis key ${key} holds a ${actual}, not the ${expected} the engine keeps there (WRONGTYPE); ` +
        `find what else writes to it, then DEL ${key} and retry the job`,
    );
  }
}
