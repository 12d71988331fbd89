import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec.js';
import { CorruptCheckpointError } from './errors.js';

const key = 'p:iteration:q:1';

describe('checkpoint hash: read back exactly, refuse what does not parse', () => {
  it('reads an empty hash as "never ran"', () => {
    expect(decodeCheckpoint(key, {})).toBeUndefined();
  });

  it('round-trips what a flush writes', () => {
    const state = { cursor: ['2024-01-01T00:00:00.000Z', 9] as const, executions: 3, interruptions: 2, failures: 1, throttles: 0, runtimeMs: 0, flushes: 4 };
    const fields = encodeCheckpoint(state, 1234.4);
    const hash: Record<string, string> = { executions: '3' };
    for (let i = 0; i < fields.length; i += 2) hash[fields[i]!] = fields[i + 1]!;
    expect(decodeCheckpoint(key, hash)).toEqual({ ...state, cursor: ['2024-01-01T00:00:00.000Z', 9], runtimeMs: 1234 });
  });

  it('accepts a hash seeded with only a cursor (counters read as 0)', () => {
    expect(decodeCheckpoint(key, { cursor: '500' })).toMatchObject({ cursor: 500, executions: 0, interruptions: 0 });
  });

  it.each([
    ['cursor', '{not json', 'JSON'],
    ['cursor', '1e999', 'Infinity'],
    ['executions', 'three', 'non-negative integer'],
    ['interruptions', '-1', 'non-negative integer'],
    ['runtimeMs', 'soon', 'milliseconds'],
  ])('names the field when %s holds %s', (field, raw, expected) => {
    const attempt = () => decodeCheckpoint(key, { executions: '1', [field]: raw });
    expect(attempt).toThrow(CorruptCheckpointError);
    expect(attempt).toThrow(new RegExp(`field "${field}".*${expected}.*DEL ${key}`));
  });
});
