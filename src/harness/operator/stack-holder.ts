/**
 * The process behind `npm run stack -- up`: it starts the same stack the tests use, records it,
 * and holds it until SIGTERM/SIGINT. It runs detached from the terminal (its own session), so the
 * servers outlive the command that started it; the servers' guard processes watch this holder, so
 * if it is killed outright they still stop. Started by startDetachedStack() with an IPC channel:
 * it reports `{ ready }` or `{ error }` once, and keeps running after the channel closes.
 */
import { rmSync } from 'node:fs';
import { startStack } from '../stack/stack-provider.js';
import { markerDirFor, writeStackMarker } from './stack-marker.js';
import { operatorDatabaseUrl, readRecordedStack, removeRecordedStack, stackStateFile, writeRecordedStack, type RecordedStack } from './stack-state.js';

const stateFile = stackStateFile();
const send = (message: unknown) => {
  if (process.connected) process.send?.(message);
};

try {
  const stack = await startStack({ log: (line) => console.log(line) });
  const recorded: RecordedStack = {
    version: 1,
    mode: stack.endpoints.mode,
    holderPid: process.pid,
    redisUrl: stack.endpoints.redisUrl,
    databaseUrl: operatorDatabaseUrl(stack.endpoints.databaseUrl),
    adminDatabaseUrl: stack.endpoints.databaseUrl,
    description: stack.endpoints.description,
    processes: [...stack.processes],
    ...(stack.dir ? { dir: stack.dir } : {}),
    logFile: process.env.STACK_HOLDER_LOG ?? '',
    startedAt: new Date().toISOString(),
  };
  // The marker first: should the state file be lost or overwritten, the stack can still be found.
  const markerDir = markerDirFor(stack);
  writeStackMarker(markerDir, recorded, stateFile);
  writeRecordedStack(recorded, stateFile);

  let stopping = false;
  const release = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`stack holder: ${signal} received, stopping the servers`);
    void stack
      .stop()
      .finally(() => {
        for (const dir of new Set([stack.dir, markerDir])) if (dir) rmSync(dir, { recursive: true, force: true });
        // Only our own record: a state file that names another holder is that stack's.
        if (readRecordedStack(stateFile)?.holderPid === process.pid) removeRecordedStack(stateFile);
        process.exit(0);
      });
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => release(signal));
  process.on('disconnect', () => undefined); // the `up` command leaving is expected
  send({ ready: recorded });
  setInterval(() => undefined, 1 << 30); // hold the event loop open until a signal
} catch (error) {
  send({ error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
  process.exit(1);
}
