import { describe, expect, it } from 'vitest';
import { nextCursor } from './cursor-successor.js';
import { UnadvanceableCursorError } from './errors.js';

describe('nextCursor: Rails from.succ', () => {
  it('gives the next integer', () => {
    expect(nextCursor('s', 0)).toBe(1);
    expect(nextCursor('s', 432)).toBe(433);
    expect(nextCursor('s', -1)).toBe(0);
  });

  it('uses the step successor for other cursor types', () => {
    const nextLetter = (c: string) => String.fromCharCode(c.charCodeAt(0) + 1);
    expect(nextCursor('s', 'a', nextLetter)).toBe('b');
    expect(nextCursor('s', { page: 2 }, (c) => ({ page: (c.page as number) + 1 }))).toEqual({ page: 3 });
  });

  it('refuses cursors with no successor, naming the type, the step and what to do', () => {
    expect(() => nextCursor('test_step', 1.1)).toThrow(
      new UnadvanceableCursorError('test_step', 'float', '1.1'),
    );
    expect(() => nextCursor('test_step', 1.1)).toThrow(
      "Cursor of type 'float' has no successor (step 'test_step', cursor 1.1): advance() finds the next integer; " +
        'give the step a { start } (e.g. 0), a { successor } for other cursor types, or call set(next)',
    );
    expect(() => nextCursor('s', undefined)).toThrow("Cursor of type 'null' has no successor (step 's', cursor null)");
    expect(() => nextCursor('s', 'abc')).toThrow("Cursor of type 'string' has no successor");
    expect(() => nextCursor('s', [1, 2])).toThrow("Cursor of type 'array' has no successor");
    expect(() => nextCursor('s', Number.MAX_SAFE_INTEGER)).toThrow("Cursor of type 'unsafe integer'");
  });

  it('does not hand "no cursor yet" (undefined) to a custom successor: a step with no cursor has nothing to advance from', () => {
    expect(() => nextCursor<string>('s', undefined, (c) => `${c}!`)).toThrow(UnadvanceableCursorError);
  });
});
