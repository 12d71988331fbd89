import { applyDemoJobTiming, productionTiming } from '../jobs/catalog.js';
import { lifecycleLogLine } from '../harness/operator/lifecycle-log-line.js';
import { openOperatorContext } from '../harness/operator/operator-context.js';
import { createOperatorLogger } from '../harness/operator/operator-logger.js';
import { redactUrl } from '../harness/stack/redact-url.js';
import { closeOnSignals } from 'resumable-jobs/runtime';
import { iterationPerItemEvents } from 'resumable-jobs/iteration';
import { resolveServers } from './servers.js';
import type { WorkerCommand } from './worker-args.js';

// Events emitted only after Redis acknowledged the checkpoint, and those saying it refused one.
const ACKNOWLEDGED = new Set(['continuable.resume-scheduled', 'iteration.interrupted']);
const REFUSED = new Set(['continuable.checkpoint-refused', 'iteration.checkpoint-refused']);

/**
 * `npm run worker`: all demo jobs on one BullMQ worker until SIGINT/SIGTERM. The exit code is the
 * graceful shutdown's: 0 when every running job checkpointed in time and Redis acknowledged every
 * checkpoint; 1 otherwise. Resolves only at exit.
 */
export async function runWorker(command: WorkerCommand): Promise<number> {
  const servers = resolveServers();
  const log = createOperatorLogger('worker');
  applyDemoJobTiming(productionTiming);
  const context = await openOperatorContext(servers.redis.url, servers.database.url, {
    processing: { perItemDelayMs: command.perItemDelayMs, idempotent: command.idempotencyKeys },
  });
  const { runtime } = context;

  let shuttingDown = false;
  const checkpointed: string[] = [];
  const refused: string[] = [];
  runtime.events.onAny((event) => {
    const payload = event.payload as unknown as Record<string, unknown>;
    const line = lifecycleLogLine(event.name, payload);
    if (line) (REFUSED.has(event.name) ? log.warn(line.fields, line.msg) : log.info(line.fields, line.msg));
    if (REFUSED.has(event.name)) refused.push(String(payload.jobId));
    if (shuttingDown && ACKNOWLEDGED.has(event.name)) checkpointed.push(`${payload.jobId} (${storedPosition(event.name, payload)})`);
  }, { except: iterationPerItemEvents });

  const worker = runtime.startWorker({ concurrency: command.concurrency });
  worker.on('active', (job) => log.info({ event: 'active', jobId: job.id, jobName: job.name }, `${job.id}: started (${job.name})`));
  worker.on('completed', (job) => log.info({ event: 'completed', jobId: job.id }, `${job.id}: done`));
  worker.on('failed', (job, error) => log.error({ event: 'failed', jobId: job?.id, error: error.message }, `${job?.id}: failed: ${error.message}`));
  worker.on('error', (error) => log.error({ event: 'error', error: error.message }, `worker error: ${error.message}`));
  await worker.waitUntilReady();
  log.info(
    {
      event: 'ready', pid: process.pid, prefix: context.prefix, queue: runtime.defaultQueueName, concurrency: command.concurrency,
      perItemDelayMs: command.perItemDelayMs, idempotencyKeys: command.idempotencyKeys,
    },
    `worker ${process.pid} ready: queue ${context.prefix}:${runtime.defaultQueueName} on ${redactUrl(servers.redis.url)}, ` +
      `${command.concurrency} at a time, ${command.perItemDelayMs} ms per item, ` +
      `${command.idempotencyKeys ? 'idempotency keys on' : 'RAW effects (no idempotency keys)'}; Ctrl-C stops it gracefully`,
  );

  return new Promise<number>((resolve) => {
    // SIGINT/SIGTERM close the worker, the queues and both connections; the command then exits.
    closeOnSignals(context, {
      graceMs: 15_000,
      exit: false,
      log: (line) => {
        shuttingDown = true;
        log.info({ event: 'shutdown' }, line);
      },
      onClosed: ({ code }) => {
        const parts = [
          ...(checkpointed.length > 0 ? [`checkpointed ${checkpointed.join(', ')}; start a worker again to resume`] : []),
          ...(refused.length > 0 ? [`progress of ${refused.join(', ')} NOT stored (see above); exit code ${code}`] : []),
        ];
        log.info(
          // Only lists that say something: no "checkpointed" key at all when nothing was.
          { event: 'stopped', ...(checkpointed.length > 0 ? { checkpointed } : {}), ...(refused.length > 0 ? { refused } : {}), code },
          parts.length > 0 ? `stopped; ${parts.join('; ')}` : 'stopped; no job was running, nothing to checkpoint',
        );
        resolve(code);
      },
    });
  });
}

/** Where an acknowledged checkpoint left the job: the continuation's step and cursor, or the hash's cursor. */
function storedPosition(name: string, payload: Record<string, unknown>): string {
  if (name === 'iteration.interrupted') return `cursor ${JSON.stringify(payload.cursor)}`;
  const current = (payload.continuation as { current?: [string, unknown] } | undefined)?.current;
  return current ? `at '${current[0]}', cursor '${JSON.stringify(current[1])}'` : 'between steps';
}
