import type { Faker } from '@faker-js/faker';
import { dataSettings, isEdgeIndex } from '../../../fixtures/data-settings.js';
import { pastDate } from './seeded-faker.js';
import type { CustomerRow } from './types.js';

const rules = dataSettings.customers;

/** A name of exactly `longNameLength` characters made of real first names, no trailing space. */
function longName(faker: Faker): string {
  const words: string[] = [];
  while (words.join(' ').length < dataSettings.longNameLength) words.push(faker.person.firstName());
  return words.join(' ').slice(0, dataSettings.longNameLength).replace(/ $/, 'a');
}

/**
 * Customer rows, deterministic for the faker's seed. Edge cases by position (fixtures/data-settings.ts):
 * null email (1 in 25), unicode name (1 in 20), ~200-character name (1 in 50).
 */
export function buildCustomerRows(faker: Faker, count: number): CustomerRow[] {
  const rows: CustomerRow[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    let name = `${firstName} ${lastName}`;
    if (isEdgeIndex(i, rules.unicodeName)) {
      const names = dataSettings.unicodeNames;
      name = names[Math.floor(i / rules.unicodeName.every) % names.length] ?? name;
    } else if (isEdgeIndex(i, rules.longName)) {
      name = longName(faker);
    }
    // Drawn for every row so that turning an edge case on or off does not shift later rows.
    const email = faker.internet.email({ firstName, lastName, provider: 'example.com' }).toLowerCase();
    rows.push({
      name,
      email: isEdgeIndex(i, rules.nullEmail) ? null : email,
      createdAt: pastDate(faker),
    });
  }
  return rows;
}
