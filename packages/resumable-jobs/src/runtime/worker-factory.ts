import { Worker, type Job, type ConnectionOptions } from 'bullmq';
import type { RedisConnection } from './redis-connection.js';
import { crashRecoveryWorkerOptions, defaultCrashRecovery, type CrashRecoverySettings } from './crash-recovery.js';
import { loggerFor } from './logger.js';

/** A processor that receives the AbortSignal: BullMQ only creates one for 3-parameter functions. */
export type SignalledProcessor = (job: Job, token: string | undefined, signal: AbortSignal | undefined) => Promise<unknown>;

export interface WorkerSettings {
  connection: ConnectionOptions;
  prefix: string;
  concurrency?: number;
  crashRecovery?: CrashRecoverySettings;
  /** Start fetching at once (default) or wait for `worker.run()`. */
  autorun?: boolean;
}

export interface WiringSettings {
  prefix: string;
  /** The lock tokens of the jobs running now, to tell a lost lock from a stale report. */
  locks: ActiveLocks;
  /** A connection to read job locks with. */
  redis?: RedisConnection;
  /** Where worker errors are reported (default: one line on stderr). */
  onError?: (error: Error) => void;
}

/** The lock token of each job a processor is running now, by queue and job id. */
export class ActiveLocks {
  private readonly tokens = new Map<string, string>();

  /** Runs `work` with the job's token recorded, forgotten when it ends. */
  async around<T>(job: Job, token: string | undefined, work: () => Promise<T>): Promise<T> {
    const key = `${job.queueName}:${job.id}`;
    if (token) this.tokens.set(key, token);
    try {
      return await work();
    } finally {
      if (this.tokens.get(key) === token) this.tokens.delete(key);
    }
  }

  tokenOf(queueName: string, jobId: string): string | undefined {
    return this.tokens.get(`${queueName}:${jobId}`);
  }
}

/** A BullMQ worker running `processor`, wired as {@link wireWorker} says. */
export function createWorker(queueName: string, processor: SignalledProcessor, settings: WorkerSettings): Worker {
  return new Worker(queueName, processor, {
    connection: settings.connection,
    prefix: settings.prefix,
    concurrency: settings.concurrency ?? 1,
    autorun: settings.autorun ?? true,
    ...crashRecoveryWorkerOptions(settings.crashRecovery ?? defaultCrashRecovery),
  });
}

/**
 * Wires a BullMQ worker (ours or the application's) for cooperative interruption: when it starts
 * closing it aborts every active job's signal with reason `shutdown`, so jobs checkpoint and
 * re-enqueue at their next check instead of holding `close()` open; a job whose lock is really lost
 * is aborted with `lock-lost`.
 */
export function wireWorker(worker: Worker, settings: WiringSettings): Worker {
  const queueName = worker.name;
  worker.on('closing', () => worker.cancelAllJobs('shutdown'));
  const report = settings.onError ?? ((error: Error) => loggerFor('worker').warn(`worker ${queueName}: ${error.message}`));

  // BullMQ reports a failed renewal for a job that was re-enqueued while the renewal was in flight
  // (its token was read before the move). If that job is already running again here under a new
  // lock, aborting it would stop a healthy execution: abort only when Redis no longer holds our token.
  worker.on('lockRenewalFailed', (jobIds) => {
    void (async () => {
      for (const id of jobIds) {
        const token = settings.locks.tokenOf(queueName, id);
        if (!token) continue; // not running here any more
        const holder = settings.redis ? await settings.redis.get(`${settings.prefix}:${queueName}:${id}:lock`) : undefined;
        if (holder === token) continue;
        report(new Error(`lost the lock of job ${id}: stopping it; BullMQ's stalled check will resume it from its checkpoint`));
        worker.cancelJob(id, 'lock-lost');
      }
    })().catch((error: unknown) => report(error instanceof Error ? error : new Error(String(error))));
  });
  // Renewal failures are judged (and reported when real) by the handler above.
  worker.on('error', (error) => {
    if (!error.message.startsWith('could not renew lock for job')) report(error);
  });
  return worker;
}
