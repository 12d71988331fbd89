import { InvalidContinuationError } from './errors.js';
import type { Cursor } from '../runtime/cursor.js';
import type { ContinuableJobData, SerializedContinuation } from './types.js';

/** The job data keys the engine owns; `args` belongs to the job. */
const ENGINE_KEYS = ['continuation', 'resumptions', 'errorResumptions'] as const;

/** Job data as the engine reads it: every engine field present and checked. */
export interface ParsedJobData<Args = unknown> {
  args: Args;
  continuation: SerializedContinuation | undefined;
  resumptions: number;
  errorResumptions: number;
}

/**
 * Reads a continuable job's data, refusing (InvalidContinuationError) anything this engine would
 * not have written: resuming from a guessed position would redo or skip work. Unknown top-level
 * keys are kept (other tools may tag jobs); an unknown key inside the continuation is refused.
 * A job without a continuation is a job that has not started (Rails accepts a missing key too).
 */
export function parseJobData<Args>(jobId: string, jobName: string, raw: unknown): ParsedJobData<Args> {
  const fail = (problem: string): never => {
    throw new InvalidContinuationError(jobId, jobName, problem);
  };
  if (!isPlainObject(raw)) return fail(`the job data must be an object, found ${show(raw)}`);
  if (!('args' in raw)) {
    const foreign = Object.keys(raw).filter((key) => !(ENGINE_KEYS as readonly string[]).includes(key));
    if (foreign.length > 0) {
      fail(
        `the job data has no 'args' but has ${foreign.map((key) => `'${key}'`).join(', ')}: it looks like raw ` +
          `arguments; enqueue with runtime.enqueue(${jobName}, args), which stores ${jobName}.jobData(args)`,
      );
    }
  }
  return {
    args: raw.args as Args,
    continuation: parseContinuation(raw.continuation, fail),
    resumptions: parseCount('resumptions', raw.resumptions, fail),
    errorResumptions: parseCount('errorResumptions', raw.errorResumptions, fail),
  };
}

/** Checks a stored continuation: `{ completed: string[], current?: [step, cursor] }`. */
export function parseContinuation(
  raw: unknown,
  fail: (problem: string) => never,
): SerializedContinuation | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) return fail(`'continuation' must be an object, found ${show(raw)}`);
  const unknown = Object.keys(raw).filter((key) => key !== 'completed' && key !== 'current');
  if (unknown.length > 0) fail(`'continuation' has unknown key '${unknown[0]}' (found ${show(raw)})`);

  const completed = raw.completed ?? [];
  if (!Array.isArray(completed) || !completed.every((name) => typeof name === 'string' && name.length > 0)) {
    return fail(`'continuation.completed' must be a list of step names, found ${show(raw.completed)}`);
  }
  const repeated = completed.find((name, index) => completed.indexOf(name) !== index);
  if (repeated !== undefined) fail(`'continuation.completed' lists step '${repeated}' twice (${show(completed)})`);

  if (raw.current === undefined) return { completed };
  const current = raw.current;
  if (!Array.isArray(current) || current.length !== 2 || typeof current[0] !== 'string' || current[0] === '') {
    return fail(`'continuation.current' must be [step name, cursor], found ${show(current)}`);
  }
  if (completed.includes(current[0])) {
    fail(`'continuation.current' is step '${current[0]}', which 'continuation.completed' already lists`);
  }
  // "No cursor yet" is undefined in memory; JSON writes it inside the array as null, and the code
  // before 0.2.0 stored it as null too: both read back as undefined (a user's own null cursor
  // reads the same).
  return { completed, current: [current[0], (current[1] ?? undefined) as Cursor | undefined] };
}

/** The data to store when the job stops: its own data with the engine's fields brought up to date. */
export function jobDataWith<Args>(
  stored: unknown,
  update: { continuation: SerializedContinuation; resumptions: number; errorResumptions: number },
): ContinuableJobData<Args> {
  const base = isPlainObject(stored) ? stored : {};
  const data: Record<string, unknown> = { ...base, continuation: update.continuation, resumptions: update.resumptions };
  if (update.errorResumptions > 0) data.errorResumptions = update.errorResumptions;
  else delete data.errorResumptions;
  return data as unknown as ContinuableJobData<Args>;
}

function parseCount(key: string, raw: unknown, fail: (problem: string) => never): number {
  if (raw === undefined) return 0;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) {
    return fail(`'${key}' must be a whole number of at least 0, found ${show(raw)}`);
  }
  return raw;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}
