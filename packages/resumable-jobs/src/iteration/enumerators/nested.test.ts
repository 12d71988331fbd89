import { describe, expect, it } from 'vitest';
import { arrayEnumerator } from './array.js';
import { nestedEnumerator } from './nested.js';
import type { NestedCursor } from './types.js';

async function collect<T>(iterable: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) {
    out.push(value);
    if (out.length >= limit) break;
  }
  return out;
}

type Pair = readonly [unknown, NestedCursor];

describe('enumerate.nested: outer/inner with the outer item named in the cursor', () => {
  const outer = ['A', 'B', 'C'];
  const inner: Record<string, string[]> = { A: ['a1', 'a2'], B: [], C: ['c1', 'c2', 'c3'] };
  const levels = () => [
    (cursor: number | undefined) => arrayEnumerator(outer, { cursor }),
    (o: string, cursor: number | undefined) => arrayEnumerator(inner[o] ?? [], { cursor }),
  ];

  it('yields the innermost items with [[after, at], inner] cursors; an empty inner set yields nothing', async () => {
    const pairs = await collect<Pair>(nestedEnumerator<string>(levels(), { cursor: undefined }));
    expect(pairs).toEqual([
      ['a1', [[null, 0], 0]],
      ['a2', [[null, 0], 1]],
      ['c1', [[1, 2], 0]],
      ['c2', [[1, 2], 1]],
      ['c3', [[1, 2], 2]],
    ]);
  });

  it('resumes inside the current outer item, strictly after the inner cursor, from any item', async () => {
    const all = await collect<Pair>(nestedEnumerator<string>(levels(), { cursor: undefined }));
    for (let i = 0; i < all.length; i++) {
      const rest = await collect<Pair>(nestedEnumerator<string>(levels(), { cursor: all[i]![1] }));
      expect(rest.map(([item]) => item)).toEqual(all.slice(i + 1).map(([item]) => item));
    }
  });

  it('refuses a cursor that does not fit the levels', () => {
    expect(() => nestedEnumerator(levels(), { cursor: [3] })).toThrow(/does not fit 2 levels/);
    expect(() => nestedEnumerator([1 as never], { cursor: undefined })).toThrow(/array of functions/);
  });
});

// The open job-iteration bugs, with their data: outer [10, 20, 30], middle [1, 2, 3], inner [a, b, c].
// The outer level is a keyset over the values (cursor = the value, as records' cursor = the id): an
// outer cursor must name the outer ITEM. An array index names a position, and an insertion before it
// shifts what it points to; no enumerator can tell, so outer levels should use identity cursors.
describe('enumerate.nested and job-iteration #614 / #615', () => {
  let outer = [10, 20, 30];
  let emptyFor20 = false;
  const middle = [1, 2, 3];
  const innermost = ['a', 'b', 'c'];
  async function* valuesAfter(values: number[], cursor: number | undefined) {
    for (const value of values) if (cursor === undefined || value > cursor) yield [value, value] as const;
  }
  const levels = [
    (cursor: number | undefined) => valuesAfter(outer, cursor),
    (o: number, cursor: number | undefined) => arrayEnumerator(o === 20 && emptyFor20 ? [] : middle, { cursor }),
    (o: number, m: number, cursor: number | undefined) => arrayEnumerator(innermost.map((i) => `${o}${m}${i}`), { cursor }),
  ];
  // Run 1 stops after "202a" (next would be "202b").
  const cursorAfter202a = async () => {
    const pairs = await collect<Pair>(nestedEnumerator<string>(levels, { cursor: undefined }));
    return pairs.find(([item]) => item === '202a')![1];
  };
  const all30 = ['301a', '301b', '301c', '302a', '302b', '302c', '303a', '303b', '303c'];

  it('names the outer item and the middle item the inner cursor belongs to', async () => {
    outer = [10, 20, 30];
    emptyFor20 = false;
    expect(await cursorAfter202a()).toEqual([[10, 20], [0, 1], 0]);
  });

  it('#614: an outer item whose inner set became empty does not leak its inner cursor into the next one', async () => {
    outer = [10, 20, 30];
    emptyFor20 = false;
    const cursor = await cursorAfter202a();
    emptyFor20 = true;
    const resumed = await collect<Pair>(nestedEnumerator<string>(levels, { cursor }));
    // job-iteration would start 30 at middle 2, inner b: skipping 301a..301c and 302a.
    expect(resumed.map(([item]) => item)).toEqual(all30);
  });

  it('#615: an outer item inserted before the current one runs whole; the current one resumes where it was', async () => {
    outer = [10, 20, 30];
    emptyFor20 = false;
    const cursor = await cursorAfter202a();
    outer = [10, 15, 20, 30];
    const resumed = (await collect<Pair>(nestedEnumerator<string>(levels, { cursor }))).map(([item]) => item);
    // job-iteration would start 15 at middle 2, inner b, skipping 151a..152a, and never finish 202b.
    expect(resumed).toEqual([
      '151a', '151b', '151c', '152a', '152b', '152c', '153a', '153b', '153c',
      '202b', '202c', '203a', '203b', '203c',
      ...all30,
    ]);
  });

  it('#615: when the current outer item disappears, its inner cursor goes with it', async () => {
    outer = [10, 20, 30];
    emptyFor20 = false;
    const cursor = await cursorAfter202a();
    outer = [10, 30];
    const resumed = await collect<Pair>(nestedEnumerator<string>(levels, { cursor }));
    expect(resumed.map(([item]) => item)).toEqual(all30);
  });
});
