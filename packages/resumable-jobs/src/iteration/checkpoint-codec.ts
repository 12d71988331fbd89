import { findCursorProblem, type Cursor } from '../runtime/cursor.js';
import { CorruptCheckpointError } from './errors.js';
import type { CheckpointState } from './types.js';

/** The counters of the checkpoint hash; all non-negative integers except runtimeMs (a number). */
export const COUNTER_FIELDS = ['executions', 'interruptions', 'failures', 'throttles', 'flushes'] as const;

export function emptyCheckpoint(): CheckpointState {
  return { cursor: undefined, executions: 0, interruptions: 0, failures: 0, throttles: 0, runtimeMs: 0, flushes: 0 };
}

/**
 * Reads HGETALL's answer. An empty hash means "never ran" (undefined). Fields that are present must
 * parse; absent counters read as 0, so an operator may seed a hash with just a cursor to start a
 * job further on. Unknown fields are ignored (room for later versions).
 */
export function decodeCheckpoint(key: string, fields: Record<string, string>): CheckpointState | undefined {
  if (Object.keys(fields).length === 0) return undefined;
  const state = emptyCheckpoint();
  for (const field of COUNTER_FIELDS) {
    const raw = fields[field];
    if (raw === undefined) continue;
    if (!/^\d{1,15}$/.test(raw)) throw new CorruptCheckpointError(key, field, raw, 'a non-negative integer');
    state[field] = Number(raw);
  }
  if (fields.runtimeMs !== undefined) {
    const runtimeMs = Number(fields.runtimeMs);
    if (fields.runtimeMs.trim() === '' || !Number.isFinite(runtimeMs) || runtimeMs < 0) {
      throw new CorruptCheckpointError(key, 'runtimeMs', fields.runtimeMs, 'a non-negative number of milliseconds');
    }
    state.runtimeMs = runtimeMs;
  }
  if (fields.cursor !== undefined) state.cursor = decodeCursor(key, fields.cursor);
  return state;
}

function decodeCursor(key: string, raw: string): Cursor {
  let cursor: unknown;
  try {
    cursor = JSON.parse(raw);
  } catch {
    throw new CorruptCheckpointError(key, 'cursor', raw, 'JSON');
  }
  // JSON.parse only yields JSON values; this guards a hand-edited "1e999" (Infinity) and the like.
  const problem = findCursorProblem(cursor);
  if (problem) throw new CorruptCheckpointError(key, 'cursor', raw, `a JSON cursor (${problem.path} is ${problem.problem})`);
  return cursor as Cursor;
}

/** The hash fields a flush writes (executions is only ever written by `begin`). */
export function encodeCheckpoint(state: CheckpointState, runtimeMs: number): string[] {
  const fields = [
    'interruptions', String(state.interruptions),
    'failures', String(state.failures),
    'throttles', String(state.throttles),
    'runtimeMs', String(Math.round(runtimeMs)),
    'flushes', String(state.flushes),
  ];
  if (state.cursor !== undefined) fields.push('cursor', JSON.stringify(state.cursor));
  return fields;
}
