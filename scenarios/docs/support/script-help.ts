import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './documents.js';

/** What a script printed for `--help`, or why it printed nothing useful. */
export type ScriptHelp = { ok: true; text: string } | { ok: false; why: string };

// A script that does not know --help would start its real work: it is stopped and reported instead.
const HELP_TIMEOUT_MS = 20_000;

/**
 * Runs each script's command once with `--help` (several scripts at a time) and keeps the answers.
 * The command is run directly, not through `npm run`, to save npm's own start-up.
 */
export async function helpOfScripts(scripts: Record<string, string>, names: string[]): Promise<Map<string, ScriptHelp>> {
  const answers = new Map<string, ScriptHelp>();
  const queue = [...new Set(names)];
  const runNext = async (): Promise<void> => {
    const name = queue.shift();
    if (name === undefined) return;
    answers.set(name, await helpOf(scripts[name]!));
    await runNext();
  };
  await Promise.all([runNext(), runNext(), runNext()]);
  return answers;
}

function helpOf(command: string): Promise<ScriptHelp> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `${command} --help`], {
      cwd: ROOT,
      detached: true, // its own process group, so a timeout stops whatever it started
      env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, HELP_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) resolve({ ok: false, why: `"${command} --help" did not answer within ${HELP_TIMEOUT_MS / 1000} s (does it know --help?)` });
      else if (code !== 0) resolve({ ok: false, why: `"${command} --help" exited ${code}: ${firstLine(output)}` });
      else resolve({ ok: true, text: output });
    });
  });
}

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';
