import { describe, expect, it } from 'vitest';
import { effectiveMaxJobRuntimeMs } from './max-job-runtime.js';

// job-iteration's max_job_runtime combinations: global only, class only, both (the lower wins), none.
describe('effectiveMaxJobRuntimeMs: global and per-class limits', () => {
  it.each([
    { global: undefined, cls: undefined, expected: undefined },
    { global: 1_000, cls: undefined, expected: 1_000 },
    { global: undefined, cls: 500, expected: 500 },
    { global: 1_000, cls: 500, expected: 500 },
    { global: 500, cls: 1_000, expected: 500 },
    { global: 0, cls: 1_000, expected: 0 },
  ])('global $global, class $cls → $expected', ({ global, cls, expected }) => {
    expect(effectiveMaxJobRuntimeMs(global, cls)).toBe(expected);
  });
});
