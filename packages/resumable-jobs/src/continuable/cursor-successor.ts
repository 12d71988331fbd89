import { inspect } from 'node:util';
import { UnadvanceableCursorError } from './errors.js';
import type { Cursor } from '../runtime/cursor.js';

/** The next position after `cursor`, for cursors that are not integers (a step's `successor` option). */
export type CursorSuccessor<C extends Cursor = Cursor> = (cursor: C) => C;

/**
 * Rails' `advance!(from:)` stores `from.succ`: the position *after* `from`, where the step should
 * start next time (a resumed step re-reads from the cursor inclusively). Ruby gives every Integer
 * (and String) a `succ`; here integers have one built in, and a step may plug in its own
 * `successor` for any other cursor type (a string key, a composite cursor…).
 */
export function nextCursor<C extends Cursor>(stepName: string, from: C | undefined, successor?: CursorSuccessor<C>): C {
  if (from !== undefined && from !== null && successor) return successor(from);
  if (typeof from === 'number' && Number.isSafeInteger(from) && Number.isSafeInteger(from + 1)) return (from + 1) as C;
  // Messages spell "no cursor yet" as JSON stores it: null.
  throw new UnadvanceableCursorError(stepName, cursorType(from ?? null), inspect(from ?? null));
}

/** A name for a cursor's type, as a message should show it. */
export function cursorType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'float';
    return Number.isSafeInteger(value + 1) ? 'integer' : 'unsafe integer';
  }
  return typeof value;
}
