import type { Worker } from 'bullmq';
import { refusedCheckpoints } from './refused-checkpoints.js';

export interface GracefulShutdownOptions {
  /** Longest wait for active jobs to checkpoint before forcing the close. */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** Called with the exit code once the worker is closed (a worker process exits here). */
  onClosed?: (code: number) => void;
  log?: (line: string) => void;
}

/**
 * SIGTERM/SIGINT close the worker gracefully: 'closing' aborts active jobs, they checkpoint and
 * re-enqueue, close() resolves. BullMQ's close() has no timeout of its own, so this bounds it and
 * then forces the close: a job that does not stop in time is left to the stalled check, which
 * resumes it from its last durable checkpoint. The exit code handed to `onClosed` is 0 only when the
 * worker closed in time and Redis acknowledged every checkpoint its jobs wrote (CheckpointRefusedError).
 * Returns a function that removes the handlers.
 */
export function closeOnSignals(worker: Worker, options: GracefulShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeoutMs = options.timeoutMs ?? 25_000;
  const log = options.log ?? (() => undefined);
  let closing = false;

  const handler = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: closing worker (up to ${timeoutMs} ms for active jobs to checkpoint)`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    void Promise.race([worker.close().then(() => 'closed' as const), timedOut])
      .then(async (outcome) => {
        if (timer) clearTimeout(timer);
        if (outcome === 'timeout') {
          log('active jobs did not stop in time: forcing close');
          await worker.close(true);
        }
        // A checkpoint Redis refused is progress lost: not a clean shutdown, whatever close() said.
        const refused = refusedCheckpoints(worker);
        if (refused.length > 0) {
          log(
            `Redis refused ${refused.length} checkpoint write(s): ${refused.map((error) => `job ${error.jobId} resumes from ${error.resumesFrom}`).join(', ')}; exit code 1`,
          );
        }
        options.onClosed?.(outcome === 'closed' && refused.length === 0 ? 0 : 1);
      })
      .catch(() => options.onClosed?.(1));
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
