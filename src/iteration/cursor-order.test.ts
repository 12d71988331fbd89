import { describe, expect, it } from 'vitest';
import { compareCursors } from './cursor-order.js';

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
});
