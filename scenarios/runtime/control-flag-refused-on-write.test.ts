import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidControlFlagError, type ControlFlag, type Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';

/**
 * A control flag is checked where it is written, as it is where it is read: a flag the engines
 * would refuse (a stop "at" no cursor, after 0 items) is never stored, and the caller gets a named
 * error that says what to write instead, not a raw validation dump.
 */
describe('a malformed control flag, written through ControlFlags.set', () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<unknown>;
  beforeAll(async () => {
    env = await openScenario('runtime-flag-refused-on-write');
    runtime = env.runtime<unknown>({ services: {} });
  });

  const malformed: [string, unknown][] = [
    ['at-cursor with no cursor', { kind: 'at-cursor', cursor: undefined }],
    ['at-cursor with a cursor JSON cannot keep', { kind: 'at-cursor', cursor: Number.NaN }],
    ['after-items 0', { kind: 'after-items', items: 0 }],
    ['after-items -5', { kind: 'after-items', items: -5 }],
    ['after-ms that is not a number', { kind: 'after-ms', ms: '10' }],
    ['an unknown kind', { kind: 'later' }],
  ];

  it.each(malformed)('refuses %s with InvalidControlFlagError and stores nothing', async (_label, flag) => {
    const job = await runtime.queue().add('refused-flag', {});
    const jobId = String(job.id);
    const written = runtime.flags.set(runtime.defaultQueueName, jobId, flag as ControlFlag);
    await expect(written).rejects.toBeInstanceOf(InvalidControlFlagError);
    await expect(written).rejects.toThrow(/^Control flag [^\n]+; write e\.g\. /);
    expect(await runtime.redis.exists(runtime.flags.key(runtime.defaultQueueName, jobId))).toBe(0);
  });
});
