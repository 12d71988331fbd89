import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '../../domain/entities/order.js';
import { InvalidSeedSizeError } from './errors.js';
import { insertInChunks } from './bulk-insert.js';
import { buildHistoricalOrderRows } from './order-rows.js';
import { insertCustomers } from './seed-customers.js';
import { createSeededFaker } from './seeded-faker.js';
import type { OrderRow, SeededCustomersWithOrders } from './types.js';

/**
 * `customers` customers with `ordersEach` orders each, for the reports job. The orders are history
 * (processed, or failed for the invalid amounts), never pending. Deterministic for `seed`.
 */
export async function seedCustomersWithOrders(
  em: EntityManager,
  customers: number,
  ordersEach: number,
  seed: number,
): Promise<SeededCustomersWithOrders> {
  if (!Number.isInteger(customers) || customers < 0) throw new InvalidSeedSizeError('customers', customers);
  if (!Number.isInteger(ordersEach) || ordersEach < 0) throw new InvalidSeedSizeError('ordersEach', ordersEach);

  const faker = createSeededFaker(seed);
  const customerIds = (await insertCustomers(em, faker, customers)).map((c) => c.id);
  const rows: OrderRow[] = [];
  customerIds.forEach((customerId, c) => {
    rows.push(...buildHistoricalOrderRows(faker, customerId, ordersEach, c * ordersEach));
  });
  const orderIds = await insertInChunks(em, Order, rows);

  const orderIdsByCustomer = new Map<number, number[]>(customerIds.map((id) => [id, []]));
  orderIds.forEach((orderId, i) => orderIdsByCustomer.get(rows[i]!.customer)!.push(orderId));
  return { customerIds, orderIds, orderIdsByCustomer };
}
