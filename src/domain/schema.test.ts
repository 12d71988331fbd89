import { expect, it } from 'vitest';
import { Customer } from './entities/customer.js';
import { pendingSchemaSql, prepareSchema, resetData } from './schema.js';
import { describeWithDatabase } from '../../scenarios/support/describe-with-database.js';

describeWithDatabase('the schema', (db) => {
  it('is idempotent: preparing it again changes nothing', async () => {
    await prepareSchema(db().orm);
    expect(await pendingSchemaSql(db().orm)).toBe('');
  });

  it('creates the ledger without a unique constraint and with its lookup index', async () => {
    const rows = await db().orm.em.fork().execute<{ indexdef: string }[]>(
      "select indexdef from pg_indexes where tablename = 'side_effects'",
    );
    const definitions = rows.map((r) => r.indexdef).join('\n');
    expect(definitions).toMatch(/\(job_id, kind, subject_id\)/);
    expect(definitions).not.toMatch(/UNIQUE INDEX (?!side_effects_pkey)/);
  });

  it('resetData empties the tables and restarts the ids', async () => {
    const em = db().orm.em.fork();
    await em.insert(Customer, { name: 'first' });
    await resetData(db().orm);
    expect(await em.count(Customer)).toBe(0);
    expect(await em.insert(Customer, { name: 'again' })).toBe(1);
  });
});
