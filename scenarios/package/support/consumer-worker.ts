import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { once } from 'node:events';

/** A consumer's worker process: `node dist/worker.js` in the scratch project, no tsx, no loader. */
export interface ConsumerWorker {
  pid: number;
  /** Lines it printed as JSON (`ready`, `closed` with the shutdown result). */
  readonly messages: Record<string, unknown>[];
  ready: Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export interface ServersEnv {
  REDIS_URL: string;
  DATABASE_URL: string;
  JOBS_PREFIX: string;
}

const started = new Set<ChildProcess>();

/** Starts one; `args` go to the worker (`--enqueue 1500 --pace 10`). */
export function startConsumerWorker(projectDir: string, env: ServersEnv, args: string[] = []): ConsumerWorker {
  // IPC only so that the worker notices when this test process goes away.
  const child = spawn(process.execPath, [join(projectDir, 'dist/worker.js'), ...args], {
    cwd: projectDir,
    env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  started.add(child);
  const messages: Record<string, unknown>[] = [];
  let output = '';
  const exited = once(child, 'exit').then(([code, signal]) => {
    started.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (let newline = output.indexOf('\n'); newline >= 0; newline = output.indexOf('\n')) {
        const line = output.slice(0, newline);
        output = output.slice(newline + 1);
        if (!line.startsWith('{')) continue;
        const message = JSON.parse(line) as Record<string, unknown>;
        messages.push(message);
        if (message.event === 'ready') resolve();
      }
    };
    child.stdout!.on('data', onData);
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    void exited.then(({ code, signal }) => reject(new Error(`consumer worker exited before it was ready (${code ?? signal}): ${errors.trim()}`)));
  });
  ready.catch(() => undefined);
  return { pid: child.pid!, messages, ready, exited, kill: (signal) => child.kill(signal) };
}

/** Kills every consumer worker still running (a failed test leaves none behind). */
export async function stopConsumerWorkers(): Promise<void> {
  await Promise.all(
    [...started].map(async (child) => {
      const exit = once(child, 'exit');
      child.kill('SIGKILL');
      await exit;
    }),
  );
}
