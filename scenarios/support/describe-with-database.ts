import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import '../../src/harness/stack/isolation/provided-context.js';
import { createScenarioDatabase, type ScenarioDatabase } from '../../src/harness/stack/isolation/scenario-database.js';
import { createOrm } from '../../src/domain/orm.js';
import { prepareSchema } from '../../src/domain/schema.js';

export interface TestDatabase {
  url: string;
  orm: MikroORM;
}

/**
 * A describe block with a database of its own (schema prepared, dropped afterwards) on the run's
 * PostgreSQL, as the stack provider started or found it.
 */
export function describeWithDatabase(title: string, body: (db: () => TestDatabase) => void): void {
  const adminUrl = inject('stack').databaseUrl;
  describe(title, () => {
    let database: ScenarioDatabase | undefined;
    let current: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createScenarioDatabase(adminUrl, `domain ${title}`);
      const orm = await createOrm(database.url, { poolMax: 3 });
      await prepareSchema(orm);
      current = { url: database.url, orm };
    });
    afterAll(async () => {
      await current?.orm.close(true);
      await database?.drop();
    });
    body(() => {
      if (!current) throw new Error('the test database is not open yet; use it inside tests or hooks');
      return current;
    });
  });
}
