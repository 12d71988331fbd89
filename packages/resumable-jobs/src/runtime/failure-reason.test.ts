import { describe, expect, it } from 'vitest';
import { MAX_FAILURE_REASON, readableFailureReason } from './failure-reason.js';
import { registerSecret } from './redact.js';

describe('readableFailureReason', () => {
  const longUpdate = `update "order" set "status" = 'processed', ${'"total" = 12.5, '.repeat(160)}"id" = 301 where "id" = 301`;

  it('puts the driver cause first and keeps only the start of the statement', () => {
    const reason = readableFailureReason({ name: 'DriverException', message: `${longUpdate} - terminating connection due to administrator command` });
    expect(reason.startsWith('DriverException: terminating connection due to administrator command (in: update "order" set')).toBe(true);
    expect(reason.length).toBeLessThanOrEqual(MAX_FAILURE_REASON);
  });

  it('cuts any message to the limit, on one line, with an ellipsis', () => {
    const reason = readableFailureReason({ name: 'Error', message: `first line\n${'x'.repeat(2_700)}` }, 80);
    expect(reason).toHaveLength(80);
    expect(reason.endsWith('…')).toBe(true);
    expect(reason).not.toContain('\n');
    expect(reason.startsWith('first line x')).toBe(true);
  });

  it("keeps a named error's own short message exactly, and says when there is none", () => {
    expect(readableFailureReason({ name: 'InvalidStepError', message: "Step 'x' has already been encountered" })).toBe(
      "Step 'x' has already been encountered",
    );
    expect(readableFailureReason({ name: 'Error', message: '' })).toBe('(no message)');
  });

  it('leaves short messages as they are', () => {
    expect(readableFailureReason('job-x failed at item 3')).toBe('job-x failed at item 3');
  });

  it('masks URL passwords and registered secrets', () => {
    registerSecret('s3cr3t-pass');
    const reason = readableFailureReason({ name: 'Error', message: 'connect redis://:s3cr3t-pass@db:6379 failed; AUTH s3cr3t-pass' });
    expect(reason).not.toContain('s3cr3t-pass');
    expect(reason).toContain('redis://:***@db:6379');
  });
});
