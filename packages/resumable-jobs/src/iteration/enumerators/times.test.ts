import { describe, expect, it } from 'vitest';
import { arrayEnumerator } from './array.js';
import { onceEnumerator } from './once.js';
import { timesEnumerator } from './times.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe('enumerate.times and enumerate.once', () => {
  it('counts 0..n-1 and resumes after the cursor', async () => {
    expect(await collect(timesEnumerator(3, { cursor: undefined }))).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(await collect(timesEnumerator(3, { cursor: 1 }))).toEqual([[2, 2]]);
  });

  it('once is a single tick, done after it', async () => {
    expect(await collect(onceEnumerator({ cursor: undefined }))).toEqual([[0, 0]]);
    expect(await collect(onceEnumerator({ cursor: 0 }))).toEqual([]);
  });

  it('know their size, the whole count whatever the cursor (as array does)', async () => {
    expect(await timesEnumerator(3, { cursor: undefined }).size()).toBe(3);
    expect(await timesEnumerator(3, { cursor: 1 }).size()).toBe(3);
    expect(await onceEnumerator({ cursor: 0 }).size()).toBe(1);
    expect(await arrayEnumerator(['a', 'b'], { cursor: 0 }).size()).toBe(2);
  });

  it('refuses a count that is not a non-negative integer', () => {
    for (const n of [-1, 1.5, Number.NaN]) expect(() => timesEnumerator(n, { cursor: undefined })).toThrow(/non-negative integer/);
  });
});
