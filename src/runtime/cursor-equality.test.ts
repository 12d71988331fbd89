import { describe, expect, it } from 'vitest';
import { cursorReached } from './cursor-equality.js';

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
});
