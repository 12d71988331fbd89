import type { Faker } from '@faker-js/faker';
import { dataSettings, isEdgeIndex } from '../../../fixtures/data-settings.js';
import { priceOrder } from '../../domain/services/order-pricing.js';
import type { Money } from '../../domain/types.js';
import { pastDate } from './seeded-faker.js';
import type { OrderRow } from './types.js';

const rules = dataSettings.orders;

export type AmountEdge = 'zeroAmount' | 'negativeAmount' | 'nullAmount';

/** Which invalid amount, if any, the order at `index` gets (1 in 50 each). */
export function amountEdgeAt(index: number): AmountEdge | undefined {
  if (isEdgeIndex(index, rules.zeroAmount)) return 'zeroAmount';
  if (isEdgeIndex(index, rules.negativeAmount)) return 'negativeAmount';
  if (isEdgeIndex(index, rules.nullAmount)) return 'nullAmount';
  return undefined;
}

function amountAt(faker: Faker, index: number): Money | null {
  // Drawn for every row so edge cases do not shift the amounts of the rows after them.
  const amount = faker.finance.amount({ min: rules.amount.min, max: rules.amount.max, dec: 2 });
  switch (amountEdgeAt(index)) {
    case 'zeroAmount':
      return '0.00';
    case 'negativeAmount':
      return rules.negativeAmountValue;
    case 'nullAmount':
      return null;
    default:
      return amount;
  }
}

/** Pending orders for the orders job, assigned round-robin to the given customers. */
export function buildPendingOrderRows(faker: Faker, count: number, customerIds: readonly number[]): OrderRow[] {
  const rows: OrderRow[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      customer: customerIds[i % customerIds.length]!,
      status: 'pending',
      amount: amountAt(faker, i),
      shipping: null,
      tax: null,
      total: null,
      processedAt: null,
      failureReason: null,
      createdAt: pastDate(faker),
    });
  }
  return rows;
}

/**
 * Order history for one customer: already processed (priced by the real pricing rules) or failed
 * (the invalid amounts), never pending, so it does not add work for the orders job.
 * `firstIndex` continues the edge-case positions across customers.
 */
export function buildHistoricalOrderRows(faker: Faker, customerId: number, count: number, firstIndex: number): OrderRow[] {
  const rows: OrderRow[] = [];
  for (let k = 0; k < count; k++) {
    const amount = amountAt(faker, firstIndex + k);
    const createdAt = pastDate(faker);
    const pricing = priceOrder(amount);
    rows.push(
      pricing.valid
        ? {
            customer: customerId,
            status: 'processed',
            amount,
            shipping: pricing.shipping,
            tax: pricing.tax,
            total: pricing.total,
            processedAt: new Date(createdAt.getTime() + 3_600_000),
            failureReason: null,
            createdAt,
          }
        : {
            customer: customerId,
            status: 'failed',
            amount,
            shipping: null,
            tax: null,
            total: null,
            processedAt: null,
            failureReason: pricing.reason,
            createdAt,
          },
    );
  }
  return rows;
}
