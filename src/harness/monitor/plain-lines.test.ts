import { describe, expect, it } from 'vitest';
import { PlainLines } from './plain-lines.js';
import type { JobRow, MonitorFrame } from './types.js';

const row: JobRow = {
  queue: 'jobs',
  jobId: '7',
  engine: 'iteration',
  job: 'process-orders',
  state: 'active',
  done: 120,
  total: 400,
  rate: 30.04,
  step: undefined,
  cursor: 5120,
  interruptions: 1,
  checkpointAgeMs: 1_400,
  publishedItems: 118,
  stored: 'demo:iteration:jobs:7: cursor 5100',
};
const counts = { waiting: 0, active: 1, delayed: 0, completed: 2, failed: 0 };
const frame = (at: number, changes: Partial<JobRow> = {}): MonitorFrame => ({
  at,
  prefix: 'demo',
  queues: [{ name: 'jobs', counts }],
  rows: [{ ...row, ...changes }],
});

describe('plain monitor lines, for a pipe', () => {
  it('say each job in key=value words', () => {
    const [queue, job] = new PlainLines(false).lines(frame(Date.UTC(2026, 0, 1)));
    expect(queue).toBe('2026-01-01T00:00:00.000Z queue jobs: waiting 0 · active 1 · delayed 0 · completed 2 · failed 0');
    expect(job).toBe(
      '2026-01-01T00:00:00.000Z job=jobs/7 engine=iteration name=process-orders state=active done=120/400 percent=30% ' +
        'step=- cursor=5120 interruptions=1 rate=30.0/s checkpoint=1s stored="demo:iteration:jobs:7: cursor 5100"',
    );
  });

  it('repeat a line only when what it says changed, not when only time, rate or checkpoint age moved', () => {
    const plain = new PlainLines(true);
    expect(plain.lines(frame(1_000))).toHaveLength(2);
    expect(plain.lines(frame(2_000, { rate: 31, checkpointAgeMs: 2_400 }))).toEqual([]);
    const next = plain.lines(frame(3_000, { done: 150, cursor: 5150 }));
    expect(next).toHaveLength(1);
    expect(next[0]).toContain('done=150/400 percent=37% step=- cursor=5150');
  });
});
