import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { redactSecrets } from 'resumable-jobs/runtime';
import type { WorkerMessage, WorkerProcessConfig, WorkerShutdown } from './types.js';
import { WorkerProcessError } from './errors.js';
import { workerBundle } from './worker-bundle.js';

const entry = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
const live = new Set<ChildProcess>();

// Belt and braces: the children also exit when their IPC channel closes.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface WorkerProcess {
  readonly pid: number;
  /** Everything it wrote to stdout and stderr, when started with `captureOutput` (else ''). */
  output(): string;
  /** How its graceful shutdown ended (outcome and what it logged), once it reported it. */
  shutdown(): WorkerShutdown | undefined;
  /** Lifecycle events the process forwarded, in order. */
  readonly events: { name: string; payload: unknown }[];
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Sends a real signal: SIGTERM to deploy, SIGKILL to crash. */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM and wait for the exit (SIGKILL if it does not exit within `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | NodeJS.Signals>;
  /** Resolves with the first forwarded event that matches. */
  waitForEvent(name: string, matches?: (payload: any) => boolean, timeoutMs?: number): Promise<unknown>;
}

/**
 * Starts a real worker process (Node, from a bundle of the sources: see worker-bundle.ts) running
 * `config.module`'s jobs, and resolves when its BullMQ worker is connected and fetching.
 */
export async function spawnWorkerProcess(
  config: WorkerProcessConfig,
  readyTimeoutMs = 30_000,
  options: { captureOutput?: boolean; env?: Record<string, string> } = {},
): Promise<WorkerProcess> {
  const capture = options.captureOutput === true;
  const bundle = await workerBundle(entry, config.module);
  const child = fork(bundle.entry, [], {
    // WORKER_CPU_PROFILE_DIR: each worker process writes a V8 CPU profile there when it exits
    // (Node refuses --cpu-prof in NODE_OPTIONS, so it is passed here).
    execArgv: process.env.WORKER_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WORKER_CPU_PROFILE_DIR}`] : [],
    env: { ...process.env, ...options.env, WORKER_PROCESS_CONFIG: JSON.stringify({ ...config, module: bundle.module }) },
    stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit', 'ipc'],
  });
  live.add(child);
  // Captured output (scenarios that check what a worker prints, e.g. that no secret leaks).
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const events: { name: string; payload: unknown }[] = [];
  let shutdown: WorkerShutdown | undefined;
  const waiters = new Set<(event: { name: string; payload: unknown }) => void>();
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(signal ?? code ?? 0);
    });
  });

  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new WorkerProcessError(`worker process did not become ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new WorkerProcessError(`worker process exited (${code}) before it was ready; see its stderr above`));
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.pid);
      } else if (message.type === 'closed') {
        const { type: _type, ...reported } = message;
        shutdown = reported;
      } else if (message.type === 'lifecycle') {
        const event = { name: message.name, payload: message.payload };
        events.push(event);
        for (const waiter of waiters) waiter(event);
      }
    });
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    // With its output captured there is no "stderr above": say what it printed.
    if (capture && error instanceof Error) error.message += `; its output: ${redactSecrets(output.trim().slice(-500)) || '(none)'}`;
    throw error;
  }

  const handle: WorkerProcess = {
    pid: child.pid!,
    output: () => output,
    shutdown: () => shutdown,
    events,
    exited,
    kill: (signal) => void child.kill(signal),
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    waitForEvent(name, matches = () => true, timeoutMs = 20_000) {
      const seen = events.find((event) => event.name === name && matches(event.payload));
      if (seen) return Promise.resolve(seen.payload);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new WorkerProcessError(`no "${name}" event from worker ${child.pid} within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (event: { name: string; payload: unknown }) => {
          if (event.name !== name || !matches(event.payload)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(event.payload);
        };
        waiters.add(waiter);
      });
    },
  };
  return handle;
}
