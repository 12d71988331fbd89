import { Worker, type Job, type ConnectionOptions } from 'bullmq';
import { productionCrashRecovery, type CrashRecoverySettings } from './crash-recovery.js';

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

/**
 * A BullMQ worker wired for cooperative interruption: when it starts closing it aborts every active
 * job's signal with reason `shutdown`, so jobs checkpoint and re-enqueue at their next check instead
 * of holding `close()` open; a job whose lock renewal failed is aborted with `lock-lost`.
 */
export function createWorker(queueName: string, processor: SignalledProcessor, settings: WorkerSettings): Worker {
  const recovery = settings.crashRecovery ?? productionCrashRecovery;
  const worker = new Worker(queueName, (job, token, signal) => processor(job, token, signal), {
    connection: settings.connection,
    prefix: settings.prefix,
    concurrency: settings.concurrency ?? 1,
    autorun: settings.autorun ?? true,
    lockDuration: recovery.lockDurationMs,
    stalledInterval: recovery.stalledIntervalMs,
    maxStalledCount: recovery.maxStalledCount,
  });
  worker.on('closing', () => worker.cancelAllJobs('shutdown'));
  worker.on('lockRenewalFailed', (jobIds) => {
    for (const id of jobIds) worker.cancelJob(id, 'lock-lost');
  });
  return worker;
}
