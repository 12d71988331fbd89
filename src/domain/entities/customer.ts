import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A shop customer. `email` is nullable on purpose: customers without one are an edge case the jobs must survive. */
export const Customer = defineEntity({
  name: 'Customer',
  tableName: 'customers',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    name: p.text(),
    email: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  }),
});

export type Customer = InferEntity<typeof Customer>;
