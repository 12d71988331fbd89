import { describe, expect, it } from 'vitest';
import { IterationThrottle } from '../signals.js';
import { arrayEnumerator } from './array.js';
import { throttleEnumerator } from './throttle.js';

describe('enumerate.throttle: back off before fetching', () => {
  it('proxies the wrapped enumerator while the condition is false', async () => {
    const out: unknown[] = [];
    for await (const pair of throttleEnumerator(arrayEnumerator([1, 2], { cursor: undefined }), { throttleOn: () => false, backoffMs: 5 })) out.push(pair);
    expect(out).toEqual([[1, 0], [2, 1]]);
  });

  it('has the size of the enumerator it wraps; a custom iterable has none', async () => {
    expect(await throttleEnumerator(arrayEnumerator([1, 2, 3], { cursor: undefined }), { throttleOn: () => false, backoffMs: 5 }).size()).toBe(3);
    expect(await throttleEnumerator([[1, 0]] as const, { throttleOn: () => false, backoffMs: 5 }).size()).toBeUndefined();
  });

  it('signals the backoff without pulling the next item from the wrapped enumerator', async () => {
    let pulled = 0;
    async function* counting() {
      for (let i = 0; i < 5; i++) {
        pulled++;
        yield [i, i] as const;
      }
    }
    const decisions = [false, false, true];
    const throttled = throttleEnumerator(counting(), { throttleOn: () => decisions.shift() ?? false, backoffMs: 30_000 });
    const seen: unknown[] = [];
    const signal = await (async () => {
      try {
        for await (const [item] of throttled) seen.push(item);
      } catch (error) {
        return error;
      }
    })();
    expect(signal).toBeInstanceOf(IterationThrottle);
    expect((signal as IterationThrottle).backoffMs).toBe(30_000);
    expect(seen).toEqual([0, 1]);
    expect(pulled).toBe(2);
  });

  it('keeps the cursor the wrapped builder was handed', () => {
    const inner = arrayEnumerator([1], { cursor: 0 });
    expect(throttleEnumerator(inner, { throttleOn: () => false, backoffMs: 0 }).resumesAfter).toEqual({ cursor: 0 });
  });
});
