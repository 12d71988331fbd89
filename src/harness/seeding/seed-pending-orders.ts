import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '../../domain/entities/order.js';
import { InvalidSeedSizeError } from './errors.js';
import { insertInChunks } from './bulk-insert.js';
import { amountEdgeAt, buildPendingOrderRows } from './order-rows.js';
import { insertCustomers } from './seed-customers.js';
import { createSeededFaker } from './seeded-faker.js';
import type { SeededOrders, SeedPendingOrdersOptions } from './types.js';

/**
 * `n` pending orders for the orders job, over freshly created customers. Deterministic for `seed`.
 * About 6% get an invalid amount (zero, negative, null: 1 in 50 each), listed in `edgeOrderIds`.
 */
export async function seedPendingOrders(
  em: EntityManager,
  n: number,
  seed: number,
  options: SeedPendingOrdersOptions = {},
): Promise<SeededOrders> {
  const customerCount = options.customers ?? Math.max(1, Math.ceil(n / 5));
  if (!Number.isInteger(n) || n < 0) throw new InvalidSeedSizeError('orders', n);
  if (!Number.isInteger(customerCount) || customerCount < 1) throw new InvalidSeedSizeError('customers', customerCount);

  const faker = createSeededFaker(seed);
  const customers = await insertCustomers(em, faker, customerCount);
  const customerIds = customers.map((c) => c.id);
  const orderIds = await insertInChunks(em, Order, buildPendingOrderRows(faker, n, customerIds));

  const edgeOrderIds: SeededOrders['edgeOrderIds'] = { zeroAmount: [], negativeAmount: [], nullAmount: [] };
  orderIds.forEach((id, i) => {
    const edge = amountEdgeAt(i);
    if (edge) edgeOrderIds[edge].push(id);
  });
  return { customerIds, orderIds, edgeOrderIds };
}
