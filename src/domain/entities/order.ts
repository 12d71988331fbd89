import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Customer } from './customer.js';

export const ORDER_STATUSES = ['pending', 'processed', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * An order. Money columns are numeric(12,2) mapped to decimal strings ("12.50"), never floats:
 * see src/domain/money.ts. `amount` may be null (a seeded edge case the processor rejects).
 */
export const Order = defineEntity({
  name: 'Order',
  tableName: 'orders',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    customer: () => p.manyToOne(Customer),
    status: p.enum([...ORDER_STATUSES]).default('pending'),
    amount: p.decimal('string').precision(12).scale(2).nullable(),
    shipping: p.decimal('string').precision(12).scale(2).nullable(),
    tax: p.decimal('string').precision(12).scale(2).nullable(),
    total: p.decimal('string').precision(12).scale(2).nullable(),
    processedAt: p.datetime().nullable(),
    failureReason: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  }),
  // The orders job enumerates pending orders by id (keyset pagination); reports group by customer.
  indexes: [{ properties: ['status', 'id'] }, { properties: ['customer'] }],
});

export type Order = InferEntity<typeof Order>;
