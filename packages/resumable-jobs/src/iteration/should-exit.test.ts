import { describe, expect, it } from 'vitest';
import { defaultExitReason, exitReasonOf, MAX_JOB_RUNTIME_EXCEEDED } from './should-exit.js';

const goOn = { check: () => undefined };

describe('shouldExit: one decision after every item', () => {
  it('stops on max job runtime before asking the runtime sources', () => {
    const asked: unknown[] = [];
    const interruption = { check: (progress: unknown) => (asked.push(progress), 'flag') };
    expect(defaultExitReason({ elapsedMs: 100, maxJobRuntimeMs: 100, interruption, items: 3, cursor: 7 })).toBe(MAX_JOB_RUNTIME_EXCEEDED);
    expect(asked).toEqual([]);
  });

  it('passes items and cursor to the runtime sources and reports their reason', () => {
    const interruption = { check: ({ items }: { items: number }) => (items >= 2 ? 'budget' : undefined) };
    expect(defaultExitReason({ elapsedMs: 0, maxJobRuntimeMs: undefined, interruption, items: 1, cursor: 1 })).toBeUndefined();
    expect(defaultExitReason({ elapsedMs: 0, maxJobRuntimeMs: undefined, interruption, items: 2, cursor: 2 })).toBe('budget');
    expect(defaultExitReason({ elapsedMs: 99, maxJobRuntimeMs: 100, interruption: goOn, items: 1, cursor: 1 })).toBeUndefined();
  });

  it('reads an override\'s answer: string = reason, true = "interrupted", falsy = go on', () => {
    expect(exitReasonOf('disk-full')).toBe('disk-full');
    expect(exitReasonOf(true)).toBe('interrupted');
    expect([false, undefined, null, ''].map((d) => exitReasonOf(d))).toEqual([undefined, undefined, undefined, undefined]);
  });
});
