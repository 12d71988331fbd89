import { describe, expect, it } from 'vitest';
import { CursorEnumerable } from '../cursor-enumerable.js';
import { arrayEnumerator } from './array.js';
import { InvalidEnumeratorOptionsError } from './errors.js';
import { ParallelFanOut, parallelArrayEnumerator, parallelEnumerator, type ParallelCursor } from './parallel.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

const at = (instance: number, instances: number, innerCursor: number | null): ParallelCursor => ({ instance, instances, innerCursor });

describe('enumerate.parallel: one partition per job, its cursor wrapping the partition cursor', () => {
  it.each([0, -1, null, 3.5, '3'])('refuses instances %j: it must be a positive integer', (instances) => {
    const build = () => parallelEnumerator({ instances: instances as number, cursor: undefined }, () => []);
    expect(build).toThrow(InvalidEnumeratorOptionsError);
    expect(build).toThrow(/instances must be a positive integer/);
  });

  it('without a cursor asks the engine to fan out, and does not build any partition', () => {
    let built = 0;
    const result = parallelEnumerator({ instances: 3, cursor: undefined }, () => {
      built++;
      return [];
    });
    expect(result).toBeInstanceOf(ParallelFanOut);
    expect((result as ParallelFanOut).instances).toBe(3);
    expect(built).toBe(0);
  });

  it('with a cursor returns an enumerable that knows the cursor it resumes after', () => {
    const cursor = at(0, 2, null);
    const result = parallelEnumerator({ instances: 2, cursor }, (_i, _n, inner: number | undefined) => arrayEnumerator([1, 2, 3], { cursor: inner }));
    expect(result).toBeInstanceOf(CursorEnumerable);
    expect((result as CursorEnumerable<number, ParallelCursor>).resumesAfter).toEqual({ cursor });
  });

  it('passes instance, instances and the inner cursor to the partition builder', () => {
    const received: unknown[] = [];
    parallelEnumerator({ instances: 4, cursor: { instance: 2, instances: 4, innerCursor: 'abc' } }, (...args) => {
      received.push(args);
      return [];
    });
    expect(received).toEqual([[2, 4, 'abc']]);
  });

  it("reads instances from the cursor, even when the builder's argument changed", () => {
    const received: unknown[] = [];
    parallelEnumerator({ instances: 10, cursor: at(2, 4, null) }, (...args) => {
      received.push(args);
      return [];
    });
    expect(received).toEqual([[2, 4, undefined]]);
  });

  it('yields each item with a parallel cursor wrapping the inner cursor', async () => {
    const enumerable = parallelEnumerator({ instances: 2, cursor: at(1, 2, null) }, (_i, _n, inner: number | undefined) => arrayEnumerator(['a', 'b', 'c'], { cursor: inner }));
    expect(await collect(enumerable as CursorEnumerable<string, ParallelCursor>)).toEqual([
      ['a', at(1, 2, 0)],
      ['b', at(1, 2, 1)],
      ['c', at(1, 2, 2)],
    ]);
  });

  it('resumes strictly after the inner cursor', async () => {
    const enumerable = parallelEnumerator({ instances: 2, cursor: at(0, 2, 0) }, (_i, _n, inner: number | undefined) => arrayEnumerator(['a', 'b', 'c'], { cursor: inner }));
    expect(await collect(enumerable as CursorEnumerable<string, ParallelCursor>)).toEqual([
      ['b', at(0, 2, 1)],
      ['c', at(0, 2, 2)],
    ]);
  });

  it("takes its size from the partition's enumerator", async () => {
    const enumerable = parallelEnumerator({ instances: 2, cursor: at(0, 2, null) }, (_i, _n, inner: number | undefined) => arrayEnumerator([1, 2, 3, 4, 5], { cursor: inner }));
    expect(await (enumerable as CursorEnumerable<number, ParallelCursor>).size()).toBe(5);
  });

  it('refuses a cursor that is not { instance, instances, innerCursor } with instance < instances', () => {
    const build = () => parallelEnumerator({ instances: 2, cursor: { instance: 2, instances: 2, innerCursor: null } }, () => []);
    expect(build).toThrow(/0 <= instance < instances/);
  });
});

describe('enumerate.parallelArray: near-equal contiguous slices of an array', () => {
  async function partitions(items: number[], instances: number): Promise<number[][]> {
    const out: number[][] = [];
    for (let instance = 0; instance < instances; instance++) {
      const enumerable = parallelArrayEnumerator(items, { instances, cursor: at(instance, instances, null) }) as CursorEnumerable<number, ParallelCursor>;
      out.push((await collect(enumerable)).map(([item]) => item));
    }
    return out;
  }

  it('splits the array evenly when its length divides by instances', async () => {
    const items = Array.from({ length: 12 }, (_, i) => i);
    const parts = await partitions(items, 3);
    expect(parts.map((part) => part.length)).toEqual([4, 4, 4]);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(items);
  });

  it('covers the array with partitions whose lengths differ by at most one otherwise', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const parts = await partitions(items, 3);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(items);
    const lengths = parts.map((part) => part.length);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
  });

  it('resumes a partition from a partial inner cursor', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const enumerable = parallelArrayEnumerator(items, { instances: 3, cursor: at(1, 3, 0) }) as CursorEnumerable<number, ParallelCursor>;
    expect(await collect(enumerable)).toEqual([
      [4, at(1, 3, 1)],
      [5, at(1, 3, 2)],
    ]);
  });
});
