import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalServerStartError } from '../errors.js';
import { isProcessRunning, waitForProcessesGone } from './process-liveness.js';
import { startSupervisedServer, type SupervisedServerOptions } from './supervised-server.js';

/** A stand-in server: a node one-liner, so these tests need neither Redis nor PostgreSQL. */
function fakeServer(script: string, overrides: Partial<SupervisedServerOptions> = {}): SupervisedServerOptions {
  return {
    name: 'fake-server',
    command: process.execPath,
    args: ['-e', script],
    stopSignal: 'SIGTERM',
    readyWhen: { stream: 'stdout', pattern: /Ready to accept connections/ },
    ...overrides,
  };
}
const RUN_FOREVER = 'setInterval(() => {}, 1 << 30);';

describe('a server run under a supervisor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rj-supervised-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is ready once it says so, and stopping it ends both processes and removes its folder', async () => {
    const serverDir = join(dir, 'server');
    mkdirSync(serverDir);
    const server = await startSupervisedServer(
      fakeServer(`console.log('* Ready to accept connections tcp'); ${RUN_FOREVER}`, { removeDir: serverDir }),
    );
    expect(isProcessRunning(server.pid)).toBe(true);
    expect(server.outputTail()).toContain('Ready to accept connections');

    await server.stop();
    await server.stop(); // twice is harmless
    expect(await waitForProcessesGone([server.pid, server.supervisorPid], 0)).toEqual([]);
    expect(existsSync(serverDir)).toBe(false);
    expect(existsSync(dir)).toBe(true); // the stack folder is its owner's to remove while it lives
  });

  it('reads readiness from stderr when told to (postgres logs there)', async () => {
    const server = await startSupervisedServer(
      fakeServer(`console.error('database system is ready to accept connections'); ${RUN_FOREVER}`, {
        readyWhen: { stream: 'stderr', pattern: /ready to accept connections/ },
      }),
    );
    await server.stop();
    expect(isProcessRunning(server.pid)).toBe(false);
  });

  it('fails with the server’s own last words when it exits before it is ready', async () => {
    const start = startSupervisedServer(
      fakeServer(`console.error('bind: Address already in use'); process.exit(3);`),
    );
    await expect(start).rejects.toBeInstanceOf(LocalServerStartError);
    await expect(start).rejects.toThrow(/fake-server did not start: it exited[\s\S]*bind: Address already in use/);
  });

  it('gives up on a server that never says it is ready, and leaves nothing running', async () => {
    const pidFile = join(dir, 'pid');
    // A shell, not node: it starts in milliseconds even on a loaded machine.
    const neverReady = fakeServer('', {
      command: 'sh',
      args: ['-c', `echo $$ > ${pidFile}; echo starting...; exec sleep 60`],
      startTimeoutMs: 3_000,
    });
    let error: LocalServerStartError | undefined;
    await startSupervisedServer(neverReady).catch((caught: LocalServerStartError) => (error = caught));
    expect(error).toBeInstanceOf(LocalServerStartError);
    expect(error!.message).toContain('not ready within 3000 ms');
    expect(error!.message).toContain('starting...');
    expect(isProcessRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('SIGKILLs a server that ignores its stop signal', async () => {
    const server = await startSupervisedServer(
      fakeServer(`process.on('SIGTERM', () => {}); console.log('Ready to accept connections'); ${RUN_FOREVER}`, {
        stopTimeoutMs: 300,
      }),
    );
    await server.stop();
    expect(await waitForProcessesGone([server.pid, server.supervisorPid], 0)).toEqual([]);
  });

  it('still stops its server when the supervisor itself was SIGKILLed', async () => {
    const warnings: string[] = [];
    const server = await startSupervisedServer(
      fakeServer(`console.log('Ready to accept connections'); ${RUN_FOREVER}`, {
        cwd: dir,
        onUnexpectedExit: (message) => warnings.push(message),
      }),
    );
    process.kill(server.supervisorPid, 'SIGKILL');
    expect(await waitForProcessesGone([server.supervisorPid], 5_000)).toEqual([]);
    expect(isProcessRunning(server.pid)).toBe(true); // orphaned, for now
    await expect.poll(() => warnings).toEqual([expect.stringContaining('fake-server (pid')]);

    await server.stop();
    expect(await waitForProcessesGone([server.pid], 5_000)).toEqual([]);
  });
});
