import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareCursors, cursorReached, findCursorProblem, jsonRoundTripOf, sameCursor } from './cursor.js';

/** What a real trip through JSON gives back, or a marker when JSON cannot carry the value. */
function throughJson(value: unknown): unknown {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? Symbol('nothing') : (JSON.parse(json) as unknown);
  } catch {
    return Symbol('threw');
  }
}

class Point {
  constructor(readonly x: number) {}
}
const nullPrototype = Object.assign(Object.create(null) as object, { a: 1 });
const cyclic: unknown[] = [1];
cyclic.push(cyclic);
let deep: unknown = 1;
for (let i = 0; i < 40; i++) deep = [deep];

const safe: unknown[] = [0, 433, 'b-17', true, null, [], [0, 2], ['2024-01-01T00:00:00.000Z', 7], { account: 3, record: [1, 'x'] }, { a: [1, null, { b: 'x', c: true }] }, deep];
const unsafe: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  undefined,
  10n,
  new Date('2025-01-02T03:04:05Z'),
  new Map([[1, 2]]),
  new Point(1),
  nullPrototype,
  { after: undefined },
  [1, undefined],
  // eslint-disable-next-line no-sparse-arrays
  [1, , 3],
  { at: 10n },
  { [Symbol('k')]: 1 },
  cyclic,
];

describe('findCursorProblem: would this cursor survive a trip through JSON?', () => {
  it('accepts plain JSON, nested (deep values included)', () => {
    for (const value of safe) expect(findCursorProblem(value)).toBeUndefined();
  });

  it('names the part that would change, with its path', () => {
    expect(findCursorProblem([1, new Date(0)])).toMatchObject({ path: 'cursor[1]', problem: expect.stringContaining('a Date') });
    expect(findCursorProblem({ at: 10n })).toMatchObject({ path: 'cursor.at', problem: expect.stringContaining('BigInt') });
    expect(findCursorProblem([1, undefined])).toMatchObject({ path: 'cursor[1]', problem: expect.stringContaining('undefined') });
    expect(findCursorProblem(Number.NaN)).toMatchObject({ problem: expect.stringContaining('NaN') });
    expect(findCursorProblem(-0)).toMatchObject({ problem: expect.stringContaining('-0') });
    expect(findCursorProblem(new Map())).toMatchObject({ problem: expect.stringContaining('a Map') });
    expect(findCursorProblem(undefined)).toMatchObject({ path: 'cursor' });
    expect(findCursorProblem(cyclic)).toMatchObject({ problem: expect.stringContaining('circular') });
  });

  it('agrees with a real JSON round trip: what it accepts comes back equal, what it refuses does not', () => {
    for (const value of safe) {
      expect(findCursorProblem(value)).toBeUndefined();
      expect(isDeepStrictEqual(throughJson(value), value)).toBe(true);
    }
    for (const value of unsafe) {
      expect(findCursorProblem(value), `refuses ${String(jsonRoundTripOf(value))}`).toBeDefined();
      expect(isDeepStrictEqual(throughJson(value), value)).toBe(false);
    }
  });
});

describe('jsonRoundTripOf: what a refused cursor would come back as', () => {
  it('shows the JSON, or why there is none', () => {
    expect(jsonRoundTripOf(Number.NaN)).toBe('null');
    expect(jsonRoundTripOf(new Date('2025-01-02T03:04:05Z'))).toBe('"2025-01-02T03:04:05.000Z"');
    expect(jsonRoundTripOf({ after: undefined })).toBe('{}');
    expect(jsonRoundTripOf(10n)).toContain('JSON.stringify threw');
    expect(jsonRoundTripOf(undefined)).toBe('nothing (JSON has no undefined)');
  });
});

describe('sameCursor', () => {
  it('compares deeply and treats undefined as null (no cursor)', () => {
    expect(sameCursor([1, 'a'], [1, 'a'])).toBe(true);
    expect(sameCursor(undefined, null)).toBe(true);
    expect(sameCursor(1, '1')).toBe(false);
  });
});

describe('compareCursors: is the first item of a resume after the checkpoint?', () => {
  it('orders numbers, strings and arrays of them', () => {
    expect(compareCursors(1, 2)).toBe(-1);
    expect(compareCursors('2024-01-02T00:00:00.000Z', '2024-01-01T23:59:59.999Z')).toBe(1);
    expect(compareCursors(['2024-01-01', 7], ['2024-01-01', 7])).toBe(0);
    expect(compareCursors(['2024-01-01', 8], ['2024-01-01', 7])).toBe(1);
    expect(compareCursors([3], [3, 0])).toBe(-1);
  });

  it('declines to order what has no natural order', () => {
    expect(compareCursors(1, '1')).toBeUndefined();
    expect(compareCursors({ a: 1 }, { a: 2 })).toBeUndefined();
    expect(compareCursors([1, null], [1, 2])).toBeUndefined();
    expect(compareCursors(true, false)).toBeUndefined();
  });

  it('passes over equal parts it cannot order', () => {
    expect(compareCursors([{ shard: 'a' }, 3], [{ shard: 'a' }, 2])).toBe(1);
  });
});

describe('cursorReached: has a job passed the cursor a flag names?', () => {
  it('orders numbers, so a keyset cursor that skips a gap still triggers', () => {
    expect(cursorReached(299, 300)).toBe(false);
    expect(cursorReached(301, 300)).toBe(true);
  });
  it('orders nested [outer, inner] cursors outer first', () => {
    expect(cursorReached([39, 7], [40, null])).toBe(false);
    expect(cursorReached([40, 1], [40, 1])).toBe(true);
    expect(cursorReached([41, null], [40, 50])).toBe(true);
  });
  it('never triggers before the first item', () => {
    expect(cursorReached(undefined, 0)).toBe(false);
    expect(cursorReached(null, 0)).toBe(false);
  });
  it('triggers on an equal cursor it cannot order', () => {
    expect(cursorReached({ page: 'b' }, { page: 'b' })).toBe(true);
    expect(cursorReached({ page: 'c' }, { page: 'b' })).toBe(false);
  });
});
