import { DemoRunError } from './errors.js';

/**
 * Polls `probe` until `accept` holds: for conditions that have no event (a job's state, a ledger
 * count). Fails with a DemoRunError naming what was awaited when `timeoutMs` passes, or at once
 * when `abort` says why waiting is pointless (e.g. the worker process died).
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = Infinity, intervalMs = 100, abort }: { timeoutMs?: number; intervalMs?: number; abort?: () => string | undefined } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    const reason = abort?.();
    if (reason) throw new DemoRunError(`stopped waiting for ${what}: ${reason}`);
    if (Date.now() > deadline) throw new DemoRunError(`gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
