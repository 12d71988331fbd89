import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import '../../src/harness/stack/isolation/provided-context.js';
import type { RecordedStack } from '../../src/harness/operator/stack-state.js';
import { isProcessRunning, waitForProcessesGone } from '../../src/harness/stack/guard/process-liveness.js';
import { operatorEnv, runCommand } from './support/operator-commands.js';

/**
 * `npm run stack -- up|status|down` really starts servers that outlive the command, records them,
 * lets the other commands find them without REDIS_URL/DATABASE_URL, and stops exactly those.
 */
const mode = inject('stack').mode;

/**
 * The stack holders running for a state file, read from the process table (/proc), not from anything
 * the stack command writes: a holder's command line names stack-holder and its environment the file.
 */
function holdersFor(stateFile: string): number[] {
  const holders: number[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (!readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('stack-holder')) continue;
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`STACK_STATE_FILE=${stateFile}`)) holders.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return holders;
}

describe.skipIf(mode === 'external')('npm run stack, a stack that outlives the command', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rj-operator-stack-test-'));
  const env = operatorEnv(undefined, { STACK_STATE_FILE: join(dir, 'state.json'), STACK: mode });
  let recorded: RecordedStack | undefined;
  afterAll(async () => {
    if (recorded) await runCommand('stack', ['down'], env);
    // Whatever a failed run left behind (a second, unrecorded stack): its holder stops its servers on SIGTERM.
    const left = holdersFor(join(dir, 'state.json'));
    for (const pid of left) process.kill(pid, 'SIGTERM');
    await waitForProcessesGone(left, 30_000);
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

  it('two ups at once start one stack; with its state file deleted, status lists it and down stops it', async () => {
    const stateFile = join(dir, 'state.json');
    // Two `stack up` at the same moment: one starts a stack, the other is refused (or finds it up).
    const both = await Promise.all([runCommand('stack', ['up'], env), runCommand('stack', ['up'], env)]);
    recorded = JSON.parse(readFileSync(stateFile, 'utf8')) as RecordedStack;
    expect(holdersFor(stateFile)).toEqual([recorded.holderPid]);
    expect(both.filter((run) => run.stdout.includes('stack: up: '))).toHaveLength(1);
    const other = both.find((run) => !run.stdout.includes('stack: up: '))!;
    expect([
      { code: 1, line: other.stderr, pattern: /^stack: another `npm run stack -- up` is starting a stack right now \(lock \S+\); wait for it, then npm run stack -- status\n$/ },
      { code: 0, line: other.stdout, pattern: /^stack: already up / },
    ].some(({ code, line, pattern }) => other.code === code && pattern.test(line)), JSON.stringify(other)).toBe(true);

    // The state file is lost: the stack still runs, status says so, down stops exactly it.
    const pids = [recorded.holderPid, ...recorded.processes.flatMap((server) => [server.pid, server.supervisorPid])];
    rmSync(stateFile);
    const status = await runCommand('stack', ['status'], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`stack: NOT RECORDED but running: holder pid ${recorded.holderPid}, `);
    const down = await runCommand('stack', ['down'], env);
    expect(down).toMatchObject({ code: 0, stderr: '' });
    expect(down.stdout).toContain(`stack: down (a stack that was not recorded): stopped pids ${pids.join(', ')}`);
    recorded = undefined;
    expect(pids.filter(isProcessRunning)).toEqual([]);
    expect(holdersFor(stateFile)).toEqual([]);
    expect((await runCommand('stack', ['status'], env)).stdout).toBe('stack: none recorded; npm run stack -- up starts one\n');
  });
});
