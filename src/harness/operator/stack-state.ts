import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuardedProcess, StackMode } from '../stack/types.js';

/** The project root: the state file lives beside package.json, whatever the working directory. */
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The database the operator commands use on a recorded stack (created on first use). */
export const OPERATOR_DATABASE = 'resumable_jobs';

/** What `npm run stack -- up` leaves behind for every later command: where the servers listen. */
export interface RecordedStack {
  version: 1;
  mode: StackMode;
  /** The detached process that started the servers and stops them on SIGTERM. */
  holderPid: number;
  redisUrl: string;
  /** The operator database on the stack's PostgreSQL. */
  databaseUrl: string;
  /** The maintenance database (the admin URL the test stack hands out). */
  adminDatabaseUrl: string;
  /** One human line, passwords redacted. */
  description: string;
  /** Local servers and their guards (empty for containers). */
  processes: GuardedProcess[];
  /** The local stack's data folder, removed on `down`. */
  dir?: string;
  /** Where the holder writes its own output. */
  logFile: string;
  startedAt: string;
}

/** STACK_STATE_FILE, or `.stack/state.json` in the project (git-ignored). */
export function stackStateFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.STACK_STATE_FILE?.trim() || join(PROJECT_ROOT, '.stack', 'state.json');
}

/** The recorded stack, or undefined when none was recorded (a malformed file counts as none). */
export function readRecordedStack(file = stackStateFile()): RecordedStack | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(raw) as RecordedStack;
    return parsed.version === 1 && typeof parsed.redisUrl === 'string' && typeof parsed.holderPid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Written through a temporary file and a rename, so a reader never sees half a file. */
export function writeRecordedStack(stack: RecordedStack, file = stackStateFile()): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

export function removeRecordedStack(file = stackStateFile()): void {
  rmSync(file, { force: true });
}

/** The admin URL with the operator database in place of the maintenance one. */
export function operatorDatabaseUrl(adminUrl: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${OPERATOR_DATABASE}`;
  return url.toString();
}
