import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import '../../src/harness/stack/isolation/provided-context.js';
import type { RecordedStack } from '../../src/harness/operator/stack-state.js';
import { isProcessRunning } from '../../src/harness/stack/guard/process-liveness.js';
import { operatorEnv, runCommand } from './support/operator-commands.js';

/**
 * `npm run stack -- up|status|down` really starts servers that outlive the command, records them,
 * lets the other commands find them without REDIS_URL/DATABASE_URL, and stops exactly those.
 */
const mode = inject('stack').mode;

describe.skipIf(mode === 'external')('npm run stack, a stack that outlives the command', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rj-operator-stack-test-'));
  const env = operatorEnv(undefined, { STACK_STATE_FILE: join(dir, 'state.json'), STACK: mode });
  let recorded: RecordedStack | undefined;
  afterAll(async () => {
    if (recorded) await runCommand('stack', ['down'], env);
    rmSync(dir, { recursive: true, force: true });
  });

  it('up starts and records the servers, status and the other commands find them, down stops exactly those', async () => {
    const up = await runCommand('stack', ['up'], env);
    expect(up).toMatchObject({ code: 0, stderr: '' });
    recorded = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as RecordedStack;
    const pids = [recorded.holderPid, ...recorded.processes.flatMap((server) => [server.pid, server.supervisorPid])];
    // The command has exited; its servers still run.
    expect(pids.filter(isProcessRunning)).toEqual(pids);

    const [status, list] = await Promise.all([runCommand('stack', ['status'], env), runCommand('jobs', ['list'], env)]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^stack: redis \S+ answers$/m);
    expect(status.stdout).toMatch(/^stack: postgres \S+ answers$/m);
    expect(list).toMatchObject({ code: 0, stdout: 'no demo jobs yet\n' });

    const dataDir = recorded.dir;
    const down = await runCommand('stack', ['down'], env);
    expect(down).toMatchObject({ code: 0, stderr: '' });
    recorded = undefined;
    expect(pids.filter(isProcessRunning)).toEqual([]);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    if (dataDir) expect(existsSync(dataDir)).toBe(false);
    const after = await runCommand('stack', ['status'], env);
    expect(after.stdout).toBe('stack: none recorded; npm run stack -- up starts one\n');
  });
});
