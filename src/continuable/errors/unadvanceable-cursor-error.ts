import { ContinuationError } from './continuation-error.js';

/** `advance()` was asked for the next position of a cursor that has none (Rails: no `succ`). */
export class UnadvanceableCursorError extends ContinuationError {
  override readonly name = 'UnadvanceableCursorError';
  constructor(
    readonly stepName: string,
    /** 'null', 'float', 'unsafe integer', 'string', 'boolean', 'array', 'object'… */
    readonly cursorType: string,
    shown: string,
  ) {
    super(
      `Cursor of type '${cursorType}' has no successor (step '${stepName}', cursor ${shown}): advance() finds the ` +
        'next integer; give the step a { start } (e.g. 0), a { successor } for other cursor types, or call set(next)',
    );
  }
}
