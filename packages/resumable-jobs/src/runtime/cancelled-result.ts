/**
 * What a cancelled job leaves as its BullMQ return value, on either engine: it completed, but as
 * cancelled, and says when the cancel was asked for. Operators (the monitor, a dashboard) tell a
 * cancelled job from one that finished its work by this field alone.
 */
export interface CancelledMark {
  cancelled: { at: number };
}

/** True for the return value of a job of either engine that ended cancelled (`runtime.cancel`). */
export function isCancelledResult(returnvalue: unknown): returnvalue is CancelledMark {
  const cancelled = (returnvalue as Partial<CancelledMark> | null | undefined)?.cancelled;
  return typeof cancelled === 'object' && cancelled !== null && typeof cancelled.at === 'number';
}
