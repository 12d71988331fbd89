import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../domain/types.js';
import { isCleanRun, summarizeLedger, verdictLine } from './ledger-summary.js';

const subjects = Array.from({ length: 10 }, (_, i) => 101 + i);
let id = 0;
const row = (subjectId: number, execution: number, kind = 'order.processed'): LedgerEntry => ({
  id: ++id,
  jobId: 'j',
  engine: 'iteration',
  kind,
  subjectId,
  execution,
  idempotencyKey: `k${id}`,
  createdAt: new Date(0),
});
const run = (spans: [number, number, number][]) => spans.flatMap(([from, to, execution]) => subjects.slice(from - 1, to).map((s) => row(s, execution)));

describe('the demo verdict, computed from ledger rows', () => {
  it('says where it stopped and resumed, and counts every item once', () => {
    const summary = summarizeLedger('orders', subjects, run([[1, 3, 1], [4, 10, 2]]));
    expect(verdictLine(summary, ['flag'])).toBe('processed 3 orders, interrupted (flag), resumed at order 4, completed 10 orders, 0 duplicates');
    expect(isCleanRun(summary)).toBe(true);
  });

  it('reports a repeated item, a gap and a late resume instead of a clean run', () => {
    const repeated = summarizeLedger('orders', subjects, run([[1, 3, 1], [3, 10, 2]]));
    expect(verdictLine(repeated, ['shutdown'])).toBe('processed 3 orders, interrupted (shutdown), resumed at order 3, completed 10 orders, 1 duplicate, a resume did NOT start right after its checkpoint');
    expect(isCleanRun(repeated)).toBe(false);
    const skipped = summarizeLedger('orders', subjects, run([[1, 3, 1], [5, 10, 2]]));
    expect(verdictLine(skipped, [])).toMatch(/stopped with 1 orders missing of 10 orders, 0 duplicates, a resume did NOT start/);
    expect(isCleanRun(skipped)).toBe(false);
  });

  it('counts email in batches of 50 recipients', () => {
    const recipients = Array.from({ length: 200 }, (_, i) => 1 + i);
    const rows = recipients.map((s, i) => row(s, i < 150 ? 1 : 2, 'email.sent'));
    expect(verdictLine(summarizeLedger('email', recipients, rows), ['flag'])).toBe(
      'processed 3 batches, interrupted (flag), resumed at batch 4, completed 4 batches (200 recipients), 0 duplicates',
    );
  });
});
