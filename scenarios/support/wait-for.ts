/** Thrown when a polled condition does not hold before its deadline; says what was awaited. */
export class ConditionTimeoutError extends Error {
  override readonly name = 'ConditionTimeoutError';
  constructor(what: string, timeoutMs: number, last: unknown) {
    super(`Timed out after ${timeoutMs} ms waiting for ${what} (last value: ${JSON.stringify(last)})`);
  }
}

/**
 * Polls `probe` until `accept` holds or the deadline passes: the scenarios' only way to wait for
 * something that has no event (a row count, a job state in Redis). Never a bare sleep.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean = Boolean,
  { timeoutMs = 20_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new ConditionTimeoutError(what, timeoutMs, last);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
