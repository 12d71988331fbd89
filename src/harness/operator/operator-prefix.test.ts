import { describe, expect, it } from 'vitest';
import { hasHashTag } from 'resumable-jobs/runtime';
import { DEFAULT_OPERATOR_PREFIX, operatorPrefix } from './operator-context.js';

describe('the operator commands\' queue prefix', () => {
  it('defaults to a hash-tagged prefix, so the same commands run on one Redis and on a Redis Cluster', () => {
    expect(operatorPrefix({})).toBe(DEFAULT_OPERATOR_PREFIX);
    expect(hasHashTag(operatorPrefix({}))).toBe(true);
  });

  it('takes JOBS_PREFIX when set, and the default when it is blank', () => {
    expect(operatorPrefix({ JOBS_PREFIX: '{shop}' })).toBe('{shop}');
    expect(operatorPrefix({ JOBS_PREFIX: '  ' })).toBe(DEFAULT_OPERATOR_PREFIX);
  });
});
