// Runs one server (redis-server or postgres) as its child and guarantees that the server stops,
// and its folder is removed, when the process that started us goes away, even by SIGKILL.
// Usage: node server-supervisor.mjs '<json config>' (see supervised-server.ts for the fields).
// The server's stdout/stderr are our own, which are pipes the parent reads for readiness.
import { spawn } from 'node:child_process';
import { rmdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { reportToParent, watchParent } from './lifeline.mjs';

const config = JSON.parse(process.argv[2]);

const server = spawn(config.command, config.args, {
  cwd: config.cwd,
  uid: config.uid,
  gid: config.gid,
  stdio: ['ignore', 'inherit', 'inherit'],
});

let stopRequested = false;

server.on('spawn', () => reportToParent({ serverPid: server.pid }));
server.on('error', (error) => {
  reportToParent({ error: error.message });
  finish(1);
});
server.on('exit', (code, signal) => {
  reportToParent({ exited: { code, signal } });
  finish(stopRequested ? 0 : 1);
});

watchParent(config.parentPid, () => {
  stopRequested = true;
  if (server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return finish(0);
  server.kill(config.stopSignal);
  // A server that ignores its stop signal is killed, so nothing outlives its guard.
  setTimeout(() => server.kill('SIGKILL'), config.stopTimeoutMs).unref();
});

function finish(exitCode) {
  if (config.removeDir) {
    rmSync(config.removeDir, { recursive: true, force: true });
    // The stack folder holds one folder per server. A live parent removes it itself; when the parent
    // died, whichever guard finishes last removes it (rmdir only removes an empty folder).
    if (process.ppid !== config.parentPid) {
      try {
        rmdirSync(dirname(config.removeDir));
      } catch {
        // Not empty yet (another server still runs there) or already gone.
      }
    }
  }
  process.exit(exitCode);
}
