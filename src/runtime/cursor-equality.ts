import { isDeepStrictEqual } from 'node:util';

/**
 * Has `current` reached `target`? Numbers and strings compare by order (a keyset cursor may jump
 * past the exact value, e.g. when ids have gaps); arrays compare lexicographically; anything else
 * must be deeply equal.
 */
export function cursorReached(current: unknown, target: unknown): boolean {
  if (current === undefined || current === null) return false;
  if (typeof current === 'number' && typeof target === 'number') return current >= target;
  if (typeof current === 'string' && typeof target === 'string') return current >= target;
  if (Array.isArray(current) && Array.isArray(target)) {
    for (let i = 0; i < Math.min(current.length, target.length); i++) {
      if (isDeepStrictEqual(current[i], target[i])) continue;
      if (current[i] === null || current[i] === undefined) return false;
      return cursorReached(current[i], target[i]);
    }
    return current.length >= target.length;
  }
  return isDeepStrictEqual(current, target);
}
