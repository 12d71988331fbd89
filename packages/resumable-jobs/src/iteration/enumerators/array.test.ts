import { describe, expect, it } from 'vitest';
import { InvalidEnumeratorOptionsError } from './errors.js';
import { arrayEnumerator } from './array.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe('enumerate.array: elements with their index as cursor', () => {
  it('yields every element from the start', async () => {
    expect(await collect(arrayEnumerator(['a', 'b', 'c'], { cursor: undefined }))).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });

  it('resumes strictly after the cursor', async () => {
    expect(await collect(arrayEnumerator(['a', 'b', 'c'], { cursor: 0 }))).toEqual([['b', 1], ['c', 2]]);
    expect(await collect(arrayEnumerator(['a', 'b', 'c'], { cursor: 2 }))).toEqual([]);
  });

  it('remembers the cursor it was handed', () => {
    expect(arrayEnumerator([1], { cursor: 0 }).resumesAfter).toEqual({ cursor: 0 });
  });

  it('refuses what is not an array, and a cursor that is not an index', () => {
    expect(() => arrayEnumerator('abc' as never, { cursor: undefined })).toThrow(InvalidEnumeratorOptionsError);
    expect(() => arrayEnumerator([1], { cursor: 'x' as never })).toThrow(/not an index/);
  });
});
