/**
 * Orders two cursors when that is meaningful: numbers with numbers, strings with strings (code-unit
 * order, as ISO timestamps sort), arrays element by element (a shorter prefix comes first). Returns
 * undefined when they cannot be ordered (mixed types, objects, booleans, null).
 */
export function compareCursors(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = compareCursors(a[i], b[i]);
      if (order !== 0) return order;
    }
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }
  return undefined;
}
