import type { DomainCounts } from '../harness/seeding/types.js';

const numbers = new Intl.NumberFormat('en-US');

export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${numbers.format(n)} ${n === 1 ? singular : plural}`;
}

/** "300 customers, 6,000 orders (1,000 pending), 1 campaign, 5,000 recipients" */
export function formatCounts(counts: DomainCounts): string {
  return [
    formatCount(counts.customers, 'customer'),
    `${formatCount(counts.orders, 'order')} (${numbers.format(counts.pendingOrders)} pending)`,
    formatCount(counts.campaigns, 'campaign'),
    formatCount(counts.recipients, 'recipient'),
  ].join(', ');
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
