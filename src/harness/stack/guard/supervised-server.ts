import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { LocalServerStartError } from '../errors.js';
import { OutputTail } from './output-tail.js';
import { isProcessRunningIn } from './process-liveness.js';
import type { GuardedProcess } from '../types.js';

const SUPERVISOR_SCRIPT = fileURLToPath(new URL('./server-supervisor.mjs', import.meta.url));

export interface SupervisedServerOptions {
  /** Used in messages and in `GuardedProcess.name`. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** Run the server as this OS user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  /** The server's graceful stop: SIGTERM for redis-server, SIGINT (fast shutdown) for postgres. */
  stopSignal: NodeJS.Signals;
  /** After this, a server that has not stopped is SIGKILLed. */
  stopTimeoutMs?: number;
  /** Removed once the server has exited, whatever the reason. */
  removeDir?: string;
  /** The server is ready when this pattern appears on that stream. */
  readyWhen: { stream: 'stdout' | 'stderr'; pattern: RegExp };
  startTimeoutMs?: number;
  /** Told when the server (or its supervisor) exits without being asked to; defaults to console.error. */
  onUnexpectedExit?: (message: string) => void;
}

export interface SupervisedServer extends GuardedProcess {
  /** The end of the server's output so far (for error messages). */
  outputTail(): string;
  /** Stops the server gracefully, waits for it and its supervisor to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a server through a small supervisor process (server-supervisor.mjs, beside this file) that stops it
 * when this process goes away, even by SIGKILL, and resolves once the server says it is ready.
 * The supervisor runs detached (own process group) so a terminal's Ctrl-C reaches only the test
 * runner, which then stops servers in order instead of racing them.
 */
export async function startSupervisedServer(options: SupervisedServerOptions): Promise<SupervisedServer> {
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const supervisor = spawn(
    process.execPath,
    [
      SUPERVISOR_SCRIPT,
      JSON.stringify({
        parentPid: process.pid,
        command: options.command,
        args: options.args,
        cwd: options.cwd,
        uid: options.user?.uid,
        gid: options.user?.gid,
        stopSignal: options.stopSignal,
        stopTimeoutMs,
        removeDir: options.removeDir,
      }),
    ],
    { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true },
  );
  const supervisorExited = new Promise<void>((resolve) => {
    supervisor.once('exit', () => resolve());
    supervisor.once('error', () => resolve()); // it never ran
  });
  const tail = new OutputTail();
  let serverPid: number | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new LocalServerStartError(options.name, `not ready within ${startTimeoutMs} ms`, tail.toString())),
      startTimeoutMs,
    );
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    let seen = '';
    let announcedReady = false;
    const settleIfReady = () => {
      if (announcedReady && serverPid !== undefined) settle();
    };
    const watch = (stream: Readable, isReadyStream: boolean) => {
      stream.setEncoding('utf8');
      // Keep reading for the server's whole life: a full pipe would block the server's writes.
      stream.on('data', (chunk: string) => {
        tail.append(chunk);
        if (!isReadyStream || announcedReady) return;
        seen = (seen + chunk).slice(-2_000);
        if (options.readyWhen.pattern.test(seen)) {
          announcedReady = true;
          settleIfReady();
        }
      });
    };
    watch(supervisor.stdout!, options.readyWhen.stream === 'stdout');
    watch(supervisor.stderr!, options.readyWhen.stream === 'stderr');
    createInterface({ input: supervisor.stdio[3] as Readable }).on('line', (line) => {
      const message = JSON.parse(line) as { serverPid?: number; error?: string };
      if (message.serverPid) {
        serverPid = message.serverPid;
        settleIfReady();
      }
      if (message.error) settle(new LocalServerStartError(options.name, message.error, tail.toString()));
    });
    supervisor.once('exit', (code) =>
      settle(new LocalServerStartError(options.name, `it exited (supervisor code ${code})`, tail.toString())),
    );
    supervisor.once('error', (error) => settle(new LocalServerStartError(options.name, error.message, tail.toString())));
  });

  let stopRequested = false;
  const stop = async (): Promise<void> => {
    stopRequested = true;
    if (supervisor.exitCode === null && supervisor.signalCode === null) {
      supervisor.stdin!.end(); // closing the lifeline is the stop request
      const gaveUp = await waitOrTimeout(supervisorExited, stopTimeoutMs + 5_000);
      if (gaveUp) forceKill(supervisor, serverPid);
    }
    await supervisorExited;
    // Only if the supervisor itself was killed: its server then still runs, re-parented.
    if (serverPid !== undefined && options.cwd && isProcessRunningIn(serverPid, options.cwd)) {
      forceKill(undefined, serverPid);
    }
  };

  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  // Say it once, loudly: otherwise every later test fails with a bare "connection refused".
  void supervisorExited.then(() => {
    if (!stopRequested) {
      (options.onUnexpectedExit ?? console.error)(
        `stack: ${options.name} (pid ${serverPid}) or its supervisor exited unexpectedly; last output:\n${tail}`,
      );
    }
  });
  return {
    name: options.name,
    pid: serverPid!,
    supervisorPid: supervisor.pid!,
    outputTail: () => tail.toString(),
    stop,
  };
}

/** Resolves true if the deadline passed first. */
async function waitOrTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms)));
  try {
    return await Promise.race([promise.then(() => false), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Last resort when a supervisor does not finish: kill both, ignoring processes already gone. */
function forceKill(supervisor: ChildProcess | undefined, serverPid: number | undefined): void {
  for (const pid of [serverPid, supervisor?.pid]) {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
