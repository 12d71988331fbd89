import { inspect, isDeepStrictEqual } from 'node:util';
import { UnserializableCursorError } from './errors/unserializable-cursor-error.js';

/**
 * Refuses a cursor that would not come back unchanged from the job's data (JSON): checked where the
 * cursor is set, so the failure points at that line rather than at a later re-enqueue, and no job
 * ever resumes from a silently different cursor (rails/rails#58045: a Date came back a String).
 */
export function assertCursorRoundTrips(stepName: string, cursor: unknown): void {
  const cameBack = roundTrip(cursor);
  if (cameBack.ok && isDeepStrictEqual(cameBack.value, cursor)) return;
  throw new UnserializableCursorError(stepName, inspect(cursor, { depth: 4 }), cameBack.shown);
}

function roundTrip(value: unknown): { ok: true; value: unknown; shown: string } | { ok: false; shown: string } {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return { ok: false, shown: `nothing: JSON.stringify threw "${error instanceof Error ? error.message : String(error)}"` };
  }
  if (json === undefined) return { ok: false, shown: 'nothing (JSON has no undefined)' };
  return { ok: true, value: JSON.parse(json) as unknown, shown: json };
}
