import { describe, expect, it } from 'vitest';
import { defaultExitReason, exitReasonOf, MAX_JOB_RUNTIME_EXCEEDED } from './should-exit.js';

const goOn = { checkAt: () => undefined };

describe('shouldExit: one decision after every item', () => {
  it('stops on max job runtime before asking the runtime sources', () => {
    const asked: unknown[] = [];
    const interruption = { checkAt: (items: number, cursor: unknown) => (asked.push([items, cursor]), 'flag') };
    expect(defaultExitReason(100, 100, interruption, 3, 7)).toBe(MAX_JOB_RUNTIME_EXCEEDED);
    expect(asked).toEqual([]);
  });

  it('passes items and cursor to the runtime sources and reports their reason', () => {
    const seen: unknown[] = [];
    const interruption = { checkAt: (items: number, cursor: unknown) => (seen.push([items, cursor]), items >= 2 ? 'budget' : undefined) };
    expect(defaultExitReason(0, undefined, interruption, 1, 1)).toBeUndefined();
    expect(defaultExitReason(0, undefined, interruption, 2, 2)).toBe('budget');
    expect(seen).toEqual([[1, 1], [2, 2]]);
    expect(defaultExitReason(99, 100, goOn, 1, 1)).toBeUndefined();
  });

  it('reads an override\'s answer: string = reason, true = "interrupted", falsy = go on', () => {
    expect(exitReasonOf('disk-full')).toBe('disk-full');
    expect(exitReasonOf(true)).toBe('interrupted');
    expect([false, undefined, null, ''].map((d) => exitReasonOf(d))).toEqual([undefined, undefined, undefined, undefined]);
  });
});
