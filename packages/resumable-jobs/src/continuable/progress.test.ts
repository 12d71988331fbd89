import { describe, expect, it } from 'vitest';
import { InvalidContinuationError } from './errors.js';
import { readContinuableProgress } from './progress.js';

const job = (data: unknown) => ({ id: '7', name: 'ProcessOrders', data, attemptsStarted: 3 });

describe('readContinuableProgress: what a continuable job has stored, for a CLI or monitor', () => {
  it('reads the step in progress, its cursor, the completed steps and the counters', () => {
    const data = { args: {}, continuation: { completed: ['load'], current: ['process', 433] }, resumptions: 2, errorResumptions: 1 };
    expect(readContinuableProgress(job(data))).toEqual({
      engine: 'continuable',
      jobId: '7',
      stored: true,
      step: 'process',
      cursor: 433,
      completedSteps: ['load'],
      executions: 3,
      resumptions: 2,
      errorResumptions: 1,
    });
  });

  it('tells "nothing stored yet" from a step stored with no cursor yet (stored as null, read as undefined)', () => {
    expect(readContinuableProgress(job({ args: {} }))).toMatchObject({ stored: false, step: undefined, cursor: undefined, completedSteps: [] });
    expect(readContinuableProgress(job({ args: {}, continuation: { completed: [], current: ['a', null] } })).cursor).toBeUndefined();
    expect(readContinuableProgress(job({ args: {}, continuation: { completed: [], current: ['a', null] } }))).toMatchObject({ stored: true, step: 'a' });
  });

  it('refuses data the engine would refuse', () => {
    expect(() => readContinuableProgress(job({ args: {}, continuation: { completed: 'load' } }))).toThrow(InvalidContinuationError);
  });
});
