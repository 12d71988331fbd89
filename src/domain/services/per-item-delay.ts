/**
 * The simulated work per item. It ends early, without throwing, when the signal aborts: a worker
 * shutting down should reach the job's next checkpoint quickly, not fail the item in hand.
 */
export function perItemDelay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
