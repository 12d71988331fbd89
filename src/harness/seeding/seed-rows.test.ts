import { describe, expect, it } from 'vitest';
import { dataSettings } from '../../../fixtures/data-settings.js';
import { buildCustomerRows } from './customer-rows.js';
import { amountEdgeAt, buildHistoricalOrderRows, buildPendingOrderRows } from './order-rows.js';
import { recipientEmail } from './seed-campaign.js';
import { createSeededFaker } from './seeded-faker.js';

const customers = (seed: number, n = 100) => buildCustomerRows(createSeededFaker(seed), n);

describe('generated customers', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(customers(42)).toEqual(customers(42));
    expect(customers(42).map((c) => c.name)).not.toEqual(customers(43).map((c) => c.name));
  });

  it('carry the edge cases at fixed positions: null emails, unicode names, 200-character names', () => {
    const rows = customers(42);
    expect(rows.flatMap((c, i) => (c.email === null ? [i] : []))).toEqual([4, 29, 54, 79]);
    const unicode = rows.filter((c) => dataSettings.unicodeNames.includes(c.name)).map((c) => c.name);
    expect(unicode).toEqual(['Zoë Ångström', '山田 太郎', '김민준', 'Siobhán Ó Súilleabháin', 'Дмитрий Шостакович']);
    const long = rows.filter((c) => c.name.length === dataSettings.longNameLength);
    expect(long).toHaveLength(2);
    expect(long.every((c) => c.name.trim() === c.name)).toBe(true);
  });

  it('date everything in the year before the fixed reference date, whatever today is', () => {
    const ref = dataSettings.referenceDate.getTime();
    expect(customers(42).every((c) => c.createdAt.getTime() <= ref && c.createdAt.getTime() > ref - 366 * 86_400_000)).toBe(true);
  });
});

describe('generated orders', () => {
  it('give 1 in 50 each a zero, a negative and a missing amount', () => {
    const rows = buildPendingOrderRows(createSeededFaker(1), 100, [7, 8]);
    expect(rows.filter((o) => o.amount === '0.00')).toHaveLength(2);
    expect(rows.filter((o) => o.amount === '-12.50')).toHaveLength(2);
    expect(rows.filter((o) => o.amount === null)).toHaveLength(2);
    expect(rows.map((o) => amountEdgeAt(rows.indexOf(o))).filter(Boolean)).toHaveLength(6);
    expect(rows.every((o) => o.status === 'pending')).toBe(true);
    expect(rows.slice(0, 4).map((o) => o.customer)).toEqual([7, 8, 7, 8]);
  });

  it('as history are processed with real prices or failed with the reason, never pending', () => {
    const rows = buildHistoricalOrderRows(createSeededFaker(1), 5, 50, 0);
    expect(rows.filter((o) => o.status === 'failed').map((o) => o.failureReason)).toEqual([
      'amount is zero',
      'amount is negative (-12.50)',
      'amount is missing',
    ]);
    expect(rows.filter((o) => o.status === 'processed').every((o) => o.total !== null && o.processedAt !== null)).toBe(true);
  });
});

describe('recipient addresses', () => {
  it('use the customer address first, then one plus-address per repeat, and stay null without one', () => {
    expect(recipientEmail('jane@example.com', 0)).toBe('jane@example.com');
    expect(recipientEmail('jane@example.com', 2)).toBe('jane+2@example.com');
    expect(recipientEmail(null, 3)).toBeNull();
  });
});
