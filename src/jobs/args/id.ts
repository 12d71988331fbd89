import { z } from 'zod';

/** A row id: a positive whole number (a string or a fraction would reach SQL as a type error). */
export const rowId = z.number().int().positive().max(2_147_483_647);

/** An optional [from, to] range is valid when from <= to (an empty range is a mistake, not a no-op). */
export function orderedRange<T extends Record<string, unknown>>(from: keyof T & string, to: keyof T & string) {
  return (args: T, ctx: z.RefinementCtx) => {
    const low = args[from];
    const high = args[to];
    if (typeof low === 'number' && typeof high === 'number' && low > high) {
      ctx.addIssue({ code: 'custom', path: [to], message: `must be >= ${from} (${low}), got ${high}; the range would select nothing` });
    }
  };
}
