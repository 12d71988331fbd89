import type { Teardown } from './teardown.js';

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run releases the stack and the run's database before the
 * process exits, so an interrupted `npm run bench` leaves no server, database or Redis keys behind.
 * The handler stays installed after the first signal: npm and tsx relay Ctrl-C a second time, and
 * a process with no handler left would exit at once, in the middle of the cleanup.
 * Returns a function that removes the handlers.
 */
export function stopOnSignals(teardown: Teardown, log: (line: string) => void = (line) => console.error(line)): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: stopping the benchmark stack`);
    void teardown.run().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
