import { spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessRunning, isProcessRunningIn, waitForProcessesGone } from '../stack/guard/process-liveness.js';
import { StackHolderError } from './errors.js';
import { readRecordedStack, removeRecordedStack, stackStateFile, type RecordedStack } from './stack-state.js';

const HOLDER = fileURLToPath(new URL('./stack-holder.ts', import.meta.url));

/**
 * Starts the stack holder detached (own session, output to a log file beside the state file) and
 * resolves with what it recorded once both servers answer. The holder outlives this process.
 */
export async function startDetachedStack(env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): Promise<RecordedStack> {
  const stateFile = stackStateFile(env);
  mkdirSync(dirname(stateFile), { recursive: true });
  const logFile = join(dirname(stateFile), 'stack.log');
  const log = openSync(logFile, 'a');
  const holder = spawn(process.execPath, ['--import', 'tsx', HOLDER], {
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...env, STACK_STATE_FILE: stateFile, STACK_HOLDER_LOG: logFile },
  });
  try {
    return await new Promise<RecordedStack>((resolve, reject) => {
      const timer = setTimeout(() => reject(new StackHolderError(`the servers did not start within ${timeoutMs / 1000} s; see ${logFile}`)), timeoutMs);
      holder.once('message', (message: { ready?: RecordedStack; error?: string }) => {
        clearTimeout(timer);
        if (message.ready) resolve(message.ready);
        else reject(new StackHolderError(`${message.error ?? 'the servers did not start'} (log: ${logFile})`));
      });
      holder.once('exit', (code) => {
        clearTimeout(timer);
        reject(new StackHolderError(`the stack process exited (code ${code}) before the servers were ready; see ${logFile}`));
      });
    });
  } catch (error) {
    if (holder.exitCode === null) holder.kill('SIGTERM');
    throw error;
  } finally {
    if (holder.connected) holder.disconnect();
    holder.unref();
  }
}

/** The pids that belong to a recorded stack: its holder, its servers and their guards. */
export function stackPids(stack: RecordedStack): number[] {
  return [stack.holderPid, ...stack.processes.flatMap((process) => [process.pid, process.supervisorPid])];
}

/**
 * Stops exactly the recorded stack: SIGTERM to its holder (which stops the servers and removes
 * their folder), then waits for every recorded pid to go. If the holder is already gone, servers
 * still running in the stack's folder are killed and the folder removed. Returns the pids that
 * would not stop (empty on success).
 */
export async function stopRecordedStack(
  stack: RecordedStack & { markerDir?: string },
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 30_000,
): Promise<number[]> {
  if (isProcessRunning(stack.holderPid)) {
    try {
      process.kill(stack.holderPid, 'SIGTERM');
    } catch {
      // gone meanwhile
    }
  }
  let left = await waitForProcessesGone(stackPids(stack), timeoutMs);
  if (left.length > 0 || !isProcessRunning(stack.holderPid)) {
    // The holder died without cleaning up (or hangs): only kill servers that run in our folder.
    for (const { pid } of stack.processes) {
      if (stack.dir && isProcessRunningIn(pid, stack.dir)) process.kill(pid, 'SIGKILL');
    }
    left = await waitForProcessesGone(left, 5_000);
  }
  for (const dir of new Set([stack.dir, stack.markerDir])) if (dir) rmSync(dir, { recursive: true, force: true });
  // The record goes only if it is this stack's (an unrecorded stack found by its marker leaves it alone).
  const stateFile = stackStateFile(env);
  if (readRecordedStack(stateFile)?.holderPid === stack.holderPid) removeRecordedStack(stateFile);
  return left;
}
