import { CursorEnumerable, isEnumeration, openEnumeration, closeIterator } from '../cursor-enumerable.js';
import { describeValue } from '../describe-value.js';
import { InvalidEnumeratorOptionsError } from './errors.js';
import { IterationThrottle } from '../signals.js';
import type { Enumeration } from '../types.js';
import type { ThrottleOptions } from './types.js';

/**
 * Proxies an enumerator but asks `throttleOn` BEFORE fetching each item; when it holds, the engine
 * checkpoints the last completed item and re-enqueues the job after `backoffMs`, without running
 * onComplete. Asking before fetching means a throttled job does not run the next page's query (in
 * job-iteration the wrapped enumerator is advanced first; its test for this is deferred to 2.0).
 */
export function throttleEnumerator<Item, Cursor>(inner: Enumeration<Item, Cursor>, options: ThrottleOptions): CursorEnumerable<Item, Cursor> {
  if (!isEnumeration(inner)) {
    throw new InvalidEnumeratorOptionsError('throttle', `expected an enumerator to wrap, got ${describeValue(inner)}`, 'e.g. throttle(this.enumerate.keyset(fetchPage, { cursor }), { throttleOn, backoffMs })');
  }
  if (typeof options?.throttleOn !== 'function') {
    throw new InvalidEnumeratorOptionsError('throttle', 'throttleOn must be a function', 'e.g. { throttleOn: () => database.isBusy(), backoffMs: 30_000 }');
  }
  if (!Number.isFinite(options.backoffMs) || options.backoffMs < 0) {
    throw new InvalidEnumeratorOptionsError('throttle', `backoffMs must be a non-negative number, got ${String(options.backoffMs)}`, 'e.g. backoffMs: 30_000');
  }
  const name = inner instanceof CursorEnumerable ? inner.builder : 'custom';
  const resumesAfter = inner instanceof CursorEnumerable ? inner.resumesAfter : undefined;
  return new CursorEnumerable(`throttle(${name})`, resumesAfter, async function* () {
    const iterator = openEnumeration(inner);
    try {
      for (;;) {
        if (await options.throttleOn()) throw new IterationThrottle(options.backoffMs);
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await closeIterator(iterator);
    }
  }, () => (inner instanceof CursorEnumerable ? inner.size() : undefined));
}
