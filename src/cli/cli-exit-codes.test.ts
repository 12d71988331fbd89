import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
// The project's own tsx, as `npx tsx` would find it, without npx's start-up cost.
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      [script, ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 100_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe('the CLI entry points, run as processes', () => {
  it('exit 2 with one line on stderr and no stack trace for bad arguments', async () => {
    // Three processes, not one per message: seed-args.test.ts covers every message in-process.
    const [huge, flag, setup] = await Promise.all([
      run('src/cli/seed.ts', ['--profile', 'huge']),
      run('src/cli/seed.ts', ['--profile', 'quick', '--bogus']),
      run('src/cli/setup.ts', ['--profile', 'demo']),
    ]);
    expect(huge).toMatchObject({ code: 2, stderr: 'seed: unknown profile "huge"; use --profile quick|full|demo\n', stdout: '' });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^seed: unknown option --bogus; usage: [^\n]*\n$/);
    expect(setup.code).toBe(2);
    expect(setup.stderr).toMatch(/^setup: unknown option --profile; usage: [^\n]*\n$/);
    for (const { stderr } of [huge, flag, setup]) expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  }, 120_000);

  it('exit 1 with one line naming the server when the database is unreachable', async () => {
    const result = await run('src/cli/seed.ts', ['--profile', 'quick'], {
      DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/nowhere',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^seed: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere \([^\n]+\); start it, or set DATABASE_URL[^\n]*\n$/);
    expect(result.stderr).not.toContain('secret');
  }, 120_000);
});
