import { Faker, base, en } from '@faker-js/faker';
import { dataSettings } from '../../../fixtures/data-settings.js';

/**
 * A faker of its own per seeding call (not the shared `faker` singleton), seeded and with a fixed
 * reference date: the same seed gives the same data whatever ran before and whatever the date.
 */
export function createSeededFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  faker.setDefaultRefDate(dataSettings.referenceDate);
  return faker;
}

/** A date within the configured span before the reference date. */
export function pastDate(faker: Faker): Date {
  const to = dataSettings.referenceDate;
  const from = new Date(to.getTime() - dataSettings.dateSpanDays * 86_400_000);
  return faker.date.between({ from, to });
}
