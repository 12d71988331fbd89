import { describe, expect, it } from 'vitest';
import { InvalidContinuationError } from './errors.js';
import { jobDataWith, parseJobData } from './job-data.js';

const parse = (raw: unknown) => parseJobData('7', 'ProcessOrders', raw);
const problem = (raw: unknown): string => {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidContinuationError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
};

describe('parseJobData: what a continuable job finds in its BullMQ data', () => {
  it('reads a fresh job (no continuation yet) as not started', () => {
    expect(parse({ args: { region: 'eu' } })).toEqual({
      args: { region: 'eu' },
      continuation: undefined,
      resumptions: 0,
      errorResumptions: 0,
    });
    expect(parse({})).toMatchObject({ args: undefined, continuation: undefined });
  });

  it('reads a stored continuation, cursor and counters as written', () => {
    const data = {
      args: {},
      continuation: { completed: ['load'], current: ['process', [3, 'x']] },
      resumptions: 2,
      errorResumptions: 1,
    };
    expect(parse(data)).toEqual({ ...data, continuation: { completed: ['load'], current: ['process', [3, 'x']] } });
    // "No cursor yet": JSON (and the code before 0.2.0) stores it as null; it reads as undefined.
    expect(parse({ args: 1, continuation: { current: ['process', null] } }).continuation).toStrictEqual({
      completed: [],
      current: ['process', undefined],
    });
  });

  it('refuses malformed state with a message that says what is wrong and how to recover', () => {
    expect(problem({ args: {}, continuation: 'garbage' })).toBe(
      'Job 7 (ProcessOrders) has malformed continuation data: \'continuation\' must be an object, found "garbage". ' +
        'The engine will not guess where to resume. Fix the job data (shape: { args, continuation?: { completed: ' +
        'string[], current?: [step, cursor] }, resumptions?: number }) and retry the job, or remove it and enqueue ' +
        'it again to start over',
    );
    expect(problem(null)).toContain('the job data must be an object, found null');
    expect(problem({ args: {}, continuation: { completed: 'load' } })).toContain(
      `'continuation.completed' must be a list of step names, found "load"`,
    );
    expect(problem({ args: {}, continuation: { completed: ['a', 'a'] } })).toContain("lists step 'a' twice");
    expect(problem({ args: {}, continuation: { current: ['process'] } })).toContain(
      `'continuation.current' must be [step name, cursor], found ["process"]`,
    );
    expect(problem({ args: {}, continuation: { completed: ['a'], current: ['a', 1] } })).toContain(
      "'continuation.current' is step 'a', which 'continuation.completed' already lists",
    );
    expect(problem({ args: {}, continuation: { completed: [], step: 'x' } })).toContain("unknown key 'step'");
    expect(problem({ args: {}, resumptions: -1 })).toContain("'resumptions' must be a whole number of at least 0, found -1");
    expect(problem({ region: 'eu' })).toContain(
      "the job data has no 'args' but has 'region': it looks like raw arguments; enqueue with " +
        'runtime.enqueue(ProcessOrders, args)',
    );
  });
});

describe('jobDataWith: the data stored when the job stops', () => {
  it('keeps the args and foreign keys, and brings the engine fields up to date', () => {
    const stored = { args: { region: 'eu' }, tag: 'demo', continuation: { completed: [] }, errorResumptions: 1 };
    expect(jobDataWith(stored, { continuation: { completed: ['load'] }, resumptions: 1, errorResumptions: 0 })).toEqual({
      args: { region: 'eu' },
      tag: 'demo',
      continuation: { completed: ['load'] },
      resumptions: 1,
    });
  });
});
