import { isDeepStrictEqual } from 'node:util';

/**
 * A cursor: a job's record of how far it got, stored as JSON (in the job's data or in a Redis hash,
 * depending on the engine). So it must be plain JSON: strings, finite numbers, booleans, null,
 * arrays and plain objects of those. Anything else (a Date, a BigInt, a Map, NaN, `undefined`
 * inside an object) would come back as something else after a restart; the engines refuse it where
 * it is produced. `null` means "no cursor" (Ruby's nil). Use ISO strings for dates and strings for
 * big numbers.
 */
export type Cursor = string | number | boolean | null | readonly Cursor[] | { readonly [key: string]: Cursor };

/** Where a value stops being a cursor, e.g. `{ path: 'cursor[0]', problem: 'a Date (…)' }`. */
export interface CursorProblem {
  path: string;
  problem: string;
}

// Deeper than this, the walk hands over to a real JSON round trip (which also catches cycles).
const MAX_WALK_DEPTH = 32;

/**
 * Finds the first part of `value` that would not come back unchanged from JSON.stringify/parse, or
 * undefined when it would. A structural walk, not a round trip: the engines run it on every cursor
 * they store (once per item), so it must cost next to nothing for a number or a short array, and it
 * names the offending part, which a round trip cannot.
 */
export function findCursorProblem(value: unknown, path = 'cursor'): CursorProblem | undefined {
  return walk(value, path, 0);
}

function walk(value: unknown, path: string, depth: number): CursorProblem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      if (!Number.isFinite(value)) return { path, problem: `the number ${String(value)} (JSON turns it into null)` };
      if (Object.is(value, -0)) return { path, problem: '-0 (JSON turns it into 0)' };
      return undefined;
    case 'undefined':
      return { path, problem: 'undefined (JSON drops it or turns it into null)' };
    case 'bigint':
      return { path, problem: 'a BigInt (JSON.stringify throws on it); use a string' };
    case 'function':
    case 'symbol':
      return { path, problem: `a ${typeof value}` };
    case 'object':
      break;
  }
  if (value === null) return undefined;
  if (depth >= MAX_WALK_DEPTH) return deepValueProblem(value, path);
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return classProblem(value, path);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return { path: `${path}[${i}]`, problem: 'a hole in a sparse array (JSON turns it into null)' };
      const inner: unknown = value[i];
      // Strings and ordinary numbers need no walk (and no path string): the common cursor is cheap.
      if (typeof inner === 'string' || (typeof inner === 'number' && Number.isFinite(inner) && !Object.is(inner, -0))) continue;
      const problem = walk(inner, `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (proto !== Object.prototype) {
    if (proto === null) return { path, problem: 'an object with a null prototype (JSON gives back a plain object)' };
    return classProblem(value, path);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) return { path, problem: 'an object with symbol keys (JSON drops them)' };
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const problem = walk((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function classProblem(value: object, path: string): CursorProblem {
  const name = value.constructor?.name ?? 'object';
  const hint = value instanceof Date ? '; use value.toISOString()' : '';
  return { path, problem: `a ${name} (JSON would turn it into ${jsonRoundTripOf(value, 60)})${hint}` };
}

/** Very deep values (and cycles) are judged by a real round trip: rare, and then exactness wins. */
function deepValueProblem(value: object, path: string): CursorProblem | undefined {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) return undefined;
  } catch {
    // falls through: a cycle, or a BigInt deep inside
  }
  return { path, problem: `nested too deep to walk, and it would come back as ${jsonRoundTripOf(value, 60)}` };
}

/** What JSON would give back for `value`, shown for a message: `null`, `{}`, `nothing (…)`. */
export function jsonRoundTripOf(value: unknown, maxLength = Number.POSITIVE_INFINITY): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return `nothing: JSON.stringify threw "${error instanceof Error ? error.message : String(error)}"`;
  }
  if (json === undefined) return 'nothing (JSON has no undefined)';
  return json.length > maxLength ? `${json.slice(0, maxLength)}…` : json;
}

/** Deep equality between cursors, treating undefined and null as "no cursor". */
export function sameCursor(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return isDeepStrictEqual(a ?? null, b ?? null);
}

/**
 * Orders two cursors when that is meaningful: numbers with numbers, strings with strings (code-unit
 * order, as ISO timestamps sort), arrays element by element (a shorter prefix comes first). Equal
 * values are 0 whatever their type. Returns undefined when they cannot be ordered (mixed types,
 * different objects or booleans, null against a value).
 */
export function compareCursors(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = compareCursors(a[i], b[i]);
      if (order !== 0) return order;
    }
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }
  return isDeepStrictEqual(a, b) ? 0 : undefined;
}

/**
 * Has `current` reached `target` (an operator's "stop at cursor")? At or past it by compareCursors
 * order, so a keyset cursor that skips over the exact value (ids with gaps) still counts; equal
 * when the two cannot be ordered. Never before the first item (no cursor yet).
 */
export function cursorReached(current: unknown, target: unknown): boolean {
  if (current === undefined || current === null) return false;
  const order = compareCursors(current, target);
  return order !== undefined && order >= 0;
}
