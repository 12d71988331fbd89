import { describe, expect, it } from 'vitest';
import { findJsonProblem, sameCursor } from './json-cursor.js';

describe('findJsonProblem: would this cursor survive a trip through Redis?', () => {
  it('accepts plain JSON, nested', () => {
    expect(findJsonProblem(42)).toBeUndefined();
    expect(findJsonProblem(['2024-01-01T00:00:00.000Z', 7])).toBeUndefined();
    expect(findJsonProblem({ a: [1, null, { b: 'x', c: true }] })).toBeUndefined();
    expect(findJsonProblem(null)).toBeUndefined();
  });

  it('names the part that would change, with its path', () => {
    expect(findJsonProblem([1, new Date(0)])).toMatchObject({ path: 'cursor[1]', problem: expect.stringContaining('a Date') });
    expect(findJsonProblem({ at: 10n })).toMatchObject({ path: 'cursor.at', problem: expect.stringContaining('BigInt') });
    expect(findJsonProblem([1, undefined])).toMatchObject({ path: 'cursor[1]', problem: expect.stringContaining('undefined') });
    expect(findJsonProblem(Number.NaN)).toMatchObject({ problem: expect.stringContaining('NaN') });
    expect(findJsonProblem(-0)).toMatchObject({ problem: expect.stringContaining('-0') });
    expect(findJsonProblem(new Map())).toMatchObject({ problem: expect.stringContaining('a Map') });
    expect(findJsonProblem(undefined)).toMatchObject({ path: 'cursor' });
  });

  it('agrees with a real JSON round trip on what is safe', () => {
    const safe = [0, 'a', [1, [2, { x: null }]], { k: false }];
    for (const value of safe) expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  });
});

describe('sameCursor', () => {
  it('compares deeply and treats undefined as null (no cursor)', () => {
    expect(sameCursor([1, 'a'], [1, 'a'])).toBe(true);
    expect(sameCursor(undefined, null)).toBe(true);
    expect(sameCursor(1, '1')).toBe(false);
  });
});
