/**
 * Entry point of a real worker process (started by `spawnWorkerProcess`). It builds the app from
 * the module named in its config, starts one BullMQ worker, forwards lifecycle events to its parent
 * and closes gracefully on SIGTERM/SIGINT. If its parent disappears it exits at once, so a killed
 * test run leaves no worker behind.
 */
import { pathToFileURL } from 'node:url';
import { closeOnSignals } from 'resumable-jobs/runtime';
import { loggerFor } from 'resumable-jobs/runtime';
import { registerUrlSecret } from 'resumable-jobs/runtime';
import { iterationPerItemEvents } from 'resumable-jobs/iteration';
import { assertRedisAcceptsCredentials } from './redis-preflight.js';
import type { WorkerAppFactory, WorkerMessage, WorkerProcessConfig } from './types.js';

const log = loggerFor('worker-process', { pid: process.pid });

const send = (message: WorkerMessage) => {
  if (process.connected) process.send?.(message);
};

async function main(): Promise<void> {
  const raw = process.env.WORKER_PROCESS_CONFIG;
  if (!raw) throw new Error('WORKER_PROCESS_CONFIG is not set; start worker processes with spawnWorkerProcess()');
  const config = JSON.parse(raw) as WorkerProcessConfig;
  process.on('disconnect', () => process.exit(70));
  registerUrlSecret(config.redisUrl);
  registerUrlSecret(config.databaseUrl);
  await assertRedisAcceptsCredentials(config.redisUrl);

  const factory = (await import(pathToFileURL(config.module).href)).default as WorkerAppFactory;
  const app = await factory(config);
  // Credentials revoked while running: retrying forever with them helps nobody.
  app.runtime.redisErrors.onAuthFailure(() => process.exit(1));
  // Lifecycle events only: one IPC message per item would cost the jobs more than the engines do (and
  // the item loop builds no per-item event nobody listens to).
  if (config.forwardLifecycleEvents !== false) {
    app.runtime.events.onAny((event) => send({ type: 'lifecycle', name: event.name, payload: event.payload }), { except: iterationPerItemEvents });
  }
  const worker = app.runtime.startWorker({
    queueName: config.queueName,
    concurrency: config.concurrency,
    limits: config.limits,
    crashRecovery: config.crashRecovery,
  });
  // SIGTERM closes the whole app (worker, queues, connections, ORM), then the process exits.
  // What the shutdown said goes to the parent too, so a scenario that expected exit 0 can say why it was not.
  const shutdownLines: string[] = [];
  closeOnSignals(app, {
    graceMs: config.shutdownTimeoutMs,
    log: (line) => {
      shutdownLines.push(line);
      log.info(line);
    },
    onClosed: (result) => send({ type: 'closed', code: result.code, outcome: result.outcome, lines: shutdownLines }),
  });
  await worker.waitUntilReady();
  send({ type: 'ready', pid: process.pid });
}

main().catch((error: unknown) => {
  log.error(`worker process failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
