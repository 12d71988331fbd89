import { describe, expect, it } from 'vitest';
import { UnserializableCursorError } from './errors.js';
import { assertCursorRoundTrips } from './step.js';

describe('assertCursorRoundTrips: a cursor must come back from JSON unchanged', () => {
  it('accepts JSON values, nested ones included', () => {
    for (const cursor of [0, 433, 'b-17', true, null, [0, 2], { account: 3, record: [1, 'x'] }, []]) {
      expect(() => assertCursorRoundTrips('s', cursor)).not.toThrow();
    }
  });

  it('refuses values JSON changes or drops, saying what would come back', () => {
    expect(() => assertCursorRoundTrips('average', Number.NaN)).toThrow(
      "Cursor NaN of step 'average' does not survive a JSON round trip (it would come back as null): cursors are " +
        'stored in the job data as JSON; use strings, finite numbers, booleans, null, arrays and plain objects ' +
        '(e.g. an ISO string for a date)',
    );
    const cases: [unknown, string][] = [
      [Number.POSITIVE_INFINITY, 'as null'],
      [new Date('2025-01-02T03:04:05Z'), 'as "2025-01-02T03:04:05.000Z"'],
      [{ after: undefined }, 'as {}'],
      [[1, undefined], 'as [1,null]'],
      [10n, 'JSON.stringify threw'],
      [undefined, 'JSON has no undefined'],
      [new Map([[1, 2]]), 'as {}'],
    ];
    for (const [cursor, cameBack] of cases) {
      expect(() => assertCursorRoundTrips('s', cursor)).toThrow(UnserializableCursorError);
      expect(() => assertCursorRoundTrips('s', cursor)).toThrow(cameBack);
    }
  });
});
