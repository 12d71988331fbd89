import { Worker } from 'bullmq';
import { DEFAULT_SHUTDOWN_GRACE_MS } from './defaults.js';
import type { CheckpointRefusedError } from './errors.js';
import { refusedCheckpoints, refusedCheckpointsInProcess } from './refused-checkpoints.js';

/** What a close reports about the jobs that were running when it began (a Runtime reports this). */
export interface CloseReport {
  /** Jobs that checkpointed and were re-enqueued while closing: they resume on the next worker. */
  requeued: string[];
  /** Jobs still running when the close ended (a forced close): the stalled check resumes them from their last durable checkpoint. */
  stillRunning: string[];
}

/**
 * What `closeOnSignals` closes: a `Runtime` (its workers, queues, Redis connection and timers), or
 * anything else with the same `close(force?)`, such as a BullMQ `Worker` of your own. `close()`
 * lets active jobs checkpoint; `close(true)` stops waiting for them and drops the connections.
 */
export interface GracefulClosable {
  close(force?: boolean): Promise<CloseReport | void>;
}

/** How a shutdown ended; `code` is the process's exit code. */
export interface ShutdownResult {
  signal: NodeJS.Signals;
  /**
   * `closed`: everything closed within the grace period (exit 0). `grace-expired`: some job did not
   * stop in time and the close was forced (exit 1). `close-failed`: closing threw (exit 1).
   */
  outcome: 'closed' | 'grace-expired' | 'close-failed';
  /** 0 only when everything closed in time AND Redis acknowledged every checkpoint write (none in `refused`). */
  code: 0 | 1;
  /** Checkpoint writes Redis refused (CheckpointRefusedError): that progress is lost and will be redone. */
  refused: readonly CheckpointRefusedError[];
  graceMs: number;
  /** The target's report of the jobs that were running, when it gives one (a Runtime does). */
  jobs?: CloseReport;
}

/** Options of `closeOnSignals`: the grace period, the signals, and what happens once closed. */
export interface GracefulShutdownOptions {
  /** Longest wait for active jobs to checkpoint and everything to close (default 10 s). */
  graceMs?: number;
  /** @deprecated the old name of `graceMs`. */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  log?: (line: string) => void;
  /** Called once with the result, before the process exits (a worker process reports it here). */
  onClosed?: (result: ShutdownResult) => void | Promise<void>;
  /** Exit the process with `result.code` after `onClosed` (default true). */
  exit?: boolean;
}

/**
 * SIGTERM/SIGINT close the target gracefully, then the process exits:
 *
 *   const runtime = new Runtime({ redisUrl, prefix, services }).register(MyJob);
 *   runtime.startWorker();
 *   closeOnSignals(runtime);               // SIGTERM: jobs checkpoint, everything closes, exit 0
 *
 * Closing a worker aborts its active jobs' signals ('shutdown'); each checkpoints at its next check
 * and re-enqueues, then the queues and the Redis connection close. BullMQ's `close()` has no time
 * limit of its own, so this one bounds it by `graceMs` (default 10 s; keep it below your platform's
 * kill timeout, e.g. Kubernetes' 30 s `terminationGracePeriodSeconds`). When the grace period runs
 * out the close is forced and the process exits 1: a job that did not stop in time is resumed by
 * the stalled check from its last durable checkpoint. A checkpoint write Redis refused (full, read-only)
 * also makes the exit code 1, with one line per job saying where it resumes: never a clean "saved".
 * Returns a function that removes the handlers.
 */
export function closeOnSignals(target: GracefulClosable, options: GracefulShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const graceMs = options.graceMs ?? options.timeoutMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const log = options.log ?? (() => undefined);
  let closing = false;

  const handler = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: closing (up to ${graceMs} ms for active jobs to checkpoint)`);
    void shutDown(target, signal, graceMs, log).then(async (closedResult) => {
      const result = withRefusals(target, closedResult, log);
      try {
        await options.onClosed?.(result);
      } finally {
        if (options.exit ?? true) process.exit(result.code);
      }
    });
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}

const FORCED_CLOSE_MS = 1_000;

function settleAfter(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

/** A checkpoint Redis refused is progress lost: not a clean shutdown, whatever close() said. */
function withRefusals(target: GracefulClosable, result: Omit<ShutdownResult, 'refused'>, log: (line: string) => void): ShutdownResult {
  const refused = target instanceof Worker ? refusedCheckpoints(target) : refusedCheckpointsInProcess();
  if (refused.length === 0) return { ...result, refused };
  log(`Redis refused ${refused.length} checkpoint write(s): ${refused.map((error) => `job ${error.jobId} resumes from ${error.resumesFrom}`).join(', ')}; exit code 1`);
  return { ...result, refused, code: 1 };
}

async function shutDown(target: GracefulClosable, signal: NodeJS.Signals, graceMs: number, log: (line: string) => void): Promise<Omit<ShutdownResult, 'refused'>> {
  let timer: NodeJS.Timeout | undefined;
  const graceExpired = new Promise<'grace-expired'>((resolve) => {
    timer = setTimeout(() => resolve('grace-expired'), graceMs);
  });
  const closed = target.close().then(
    (report) => ({ outcome: 'closed' as const, report }),
    (error: unknown) => ({ outcome: 'close-failed' as const, error }),
  );
  const first = await Promise.race([closed, graceExpired]);
  clearTimeout(timer);
  if (first === 'grace-expired') {
    log(`active jobs did not stop within ${graceMs} ms: forcing the close; the stalled check resumes them from their last checkpoint`);
    // A forced close only drops connections; bound it too (a BullMQ Worker already closing ignores `force`).
    const forced = await Promise.race([target.close(true).catch(() => undefined), settleAfter(FORCED_CLOSE_MS)]);
    // What held the close: a job that never reached a check, or (no job left) a connection that would not close.
    if (forced) log(forced.stillRunning.length > 0 ? `still running when forced: ${forced.stillRunning.join(', ')}` : `no job was still running when forced (requeued: ${forced.requeued.join(', ') || 'none'}): a connection held the close`);
    return { signal, outcome: 'grace-expired', code: 1, graceMs, ...(forced ? { jobs: forced } : {}) };
  }
  if (first.outcome === 'close-failed') {
    log(`closing failed: ${first.error instanceof Error ? first.error.message : String(first.error)}`);
    return { signal, outcome: 'close-failed', code: 1, graceMs };
  }
  return { signal, outcome: 'closed', code: 0, graceMs, ...(first.report ? { jobs: first.report } : {}) };
}
