import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScenarioEnvironment } from '../../support/scenario-environment.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// The project's own tsx, as `npm run` would find it, without npm's start-up cost.
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment an operator command gets in a scenario: this file's servers, database and prefix
 * through the variables a user would set, and a state file nobody recorded (no stack leaks in).
 */
export function operatorEnv(env: ScenarioEnvironment | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', STACK_STATE_FILE: '/nonexistent/operator-state.json' };
  delete base.REDIS_URL;
  delete base.DATABASE_URL;
  if (env) Object.assign(base, { REDIS_URL: env.redisUrl, DATABASE_URL: env.databaseUrl, JOBS_PREFIX: env.prefix });
  return { ...base, ...extra };
}

/** Runs `src/cli/<command>.ts args` to its end, as `npm run <command> -- args` does. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(tsx, [`src/cli/${command}.ts`, ...args], { cwd: root, env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/** A long-running command (the worker): its output so far, and a way to wait for a line. */
export interface RunningCommand {
  child: ChildProcess;
  output(): string;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | NodeJS.Signals>;
}

export function startCommand(command: string, args: string[], env: NodeJS.ProcessEnv): RunningCommand {
  const child = spawn(tsx, [`src/cli/${command}.ts`, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)));
  return {
    child,
    output: () => output,
    exited,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = output.split('\n').find((candidate) => pattern.test(candidate));
          if (!line) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(line);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

/** The job ids a command printed as "enqueued <id>". */
export function enqueuedIds(stdout: string): string[] {
  return [...stdout.matchAll(/^enqueued (\S+?):?(?:\s|$)/gm)].map((match) => match[1]!);
}
