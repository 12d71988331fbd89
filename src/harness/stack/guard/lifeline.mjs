import { writeSync } from 'node:fs';

// Plain JavaScript on purpose: guard processes run under bare `node`, start in ~40 ms, and must
// not depend on a TypeScript loader that could itself fail while the test run is being killed.

/**
 * Calls `onParentGone(reason)` once, when the process that spawned this one is gone or asks us to
 * finish. Two independent signals, so a SIGKILLed parent is always noticed:
 * - stdin is a pipe whose only writer is the parent: the kernel closes it when the parent dies, by
 *   any means, and the parent closes it on purpose to ask for a normal stop;
 * - the parent pid changes (we were re-parented), checked every 500 ms as a backup.
 * SIGTERM, SIGINT and SIGHUP sent to the guard itself also count, so `kill <guard>` stops cleanly.
 */
export function watchParent(expectedParentPid, onParentGone) {
  let fired = false;
  const fire = (reason) => {
    if (fired) return;
    fired = true;
    clearInterval(poll);
    onParentGone(reason);
  };
  process.stdin.on('end', () => fire('lifeline closed'));
  process.stdin.on('close', () => fire('lifeline closed'));
  process.stdin.on('error', () => fire('lifeline broken'));
  process.stdin.resume();
  const poll = setInterval(() => {
    if (process.ppid !== expectedParentPid) fire('parent process gone');
  }, 500);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => fire(signal));
}

/** Sends one JSON line to the parent on fd 3; the parent may already be gone, which is fine. */
export function reportToParent(message) {
  try {
    writeSync(3, `${JSON.stringify(message)}\n`);
  } catch {
    // EPIPE: nobody is listening any more.
  }
}
