import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Customer } from './customer.js';

/** One customer's order summary, written by the reports job (one row per run, not unique). */
export const CustomerReport = defineEntity({
  name: 'CustomerReport',
  tableName: 'customer_reports',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    customer: () => p.manyToOne(Customer),
    orderCount: p.integer(),
    /** Sum of the non-null amounts, decimal string. */
    totalAmount: p.decimal('string').precision(12).scale(2),
    /** Average of the non-null amounts, null when the customer has none. */
    averageAmount: p.decimal('string').precision(12).scale(2).nullable(),
    processedCount: p.integer(),
    failedCount: p.integer(),
    jobId: p.text(),
    engine: p.text(),
    createdAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  }),
  indexes: [{ properties: ['customer'] }],
});

export type CustomerReport = InferEntity<typeof CustomerReport>;
