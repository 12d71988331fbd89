import type { Faker } from '@faker-js/faker';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer } from '../../domain/entities/customer.js';
import { insertInChunks } from './bulk-insert.js';
import { buildCustomerRows } from './customer-rows.js';
import type { SeededCustomer } from './types.js';

/** Inserts `count` generated customers; returns them (id and email) in insertion order. */
export async function insertCustomers(em: EntityManager, faker: Faker, count: number): Promise<SeededCustomer[]> {
  const rows = buildCustomerRows(faker, count);
  const ids = await insertInChunks(em, Customer, rows);
  return ids.map((id, i) => ({ id, email: rows[i]!.email }));
}
