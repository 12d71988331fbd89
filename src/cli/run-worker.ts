import { applyDemoJobTiming, productionTiming } from '../jobs/catalog.js';
import { lifecycleLogLine } from '../harness/operator/lifecycle-log-line.js';
import { openOperatorContext } from '../harness/operator/operator-context.js';
import { createOperatorLogger } from '../harness/operator/operator-logger.js';
import { redactUrl } from '../harness/stack/redact-url.js';
import { closeOnSignals } from 'resumable-jobs/runtime';
import { resolveServers } from './servers.js';
import type { WorkerCommand } from './worker-args.js';

const INTERRUPTS = new Set(['continuable.interrupt', 'iteration.interrupted']);

/**
 * `npm run worker`: all demo jobs on one BullMQ worker until SIGINT/SIGTERM. The exit code is the
 * graceful shutdown's: 0 when every running job checkpointed in time. Resolves only at exit.
 */
export async function runWorker(command: WorkerCommand): Promise<number> {
  const servers = resolveServers();
  const log = createOperatorLogger('worker');
  applyDemoJobTiming(productionTiming);
  const context = await openOperatorContext(servers.redis.url, servers.database.url, { processing: { perItemDelayMs: command.perItemDelayMs } });
  const { runtime } = context;

  let shuttingDown = false;
  const checkpointed: string[] = [];
  runtime.events.onAny((event) => {
    const payload = event.payload as unknown as Record<string, unknown>;
    const line = lifecycleLogLine(event.name, payload);
    if (line) log.info(line.fields, line.msg);
    if (shuttingDown && INTERRUPTS.has(event.name)) {
      const where = event.name === 'continuable.interrupt' ? String(payload.description) : `cursor ${JSON.stringify(payload.cursor)}`;
      checkpointed.push(`${payload.jobId} (${where})`);
    }
  });

  const worker = runtime.startWorker({ concurrency: command.concurrency });
  worker.on('active', (job) => log.info({ event: 'active', jobId: job.id, jobName: job.name }, `${job.id}: started (${job.name})`));
  worker.on('completed', (job) => log.info({ event: 'completed', jobId: job.id }, `${job.id}: done`));
  worker.on('failed', (job, error) => log.error({ event: 'failed', jobId: job?.id, error: error.message }, `${job?.id}: failed: ${error.message}`));
  worker.on('error', (error) => log.error({ event: 'error', error: error.message }, `worker error: ${error.message}`));
  await worker.waitUntilReady();
  log.info(
    { event: 'ready', pid: process.pid, prefix: context.prefix, queue: runtime.defaultQueueName, concurrency: command.concurrency, perItemDelayMs: command.perItemDelayMs },
    `worker ${process.pid} ready: queue ${context.prefix}:${runtime.defaultQueueName} on ${redactUrl(servers.redis.url)}, ` +
      `${command.concurrency} at a time, ${command.perItemDelayMs} ms per item; Ctrl-C stops it gracefully`,
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
        log.info(
          { event: 'stopped', checkpointed, code },
          checkpointed.length > 0
            ? `stopped; checkpointed ${checkpointed.join(', ')}; start a worker again to resume`
            : 'stopped; no job was running, nothing to checkpoint',
        );
        resolve(code);
      },
    });
  });
}
