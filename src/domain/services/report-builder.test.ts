import { expect, it } from 'vitest';
import { Customer } from '../entities/customer.js';
import { CustomerReport } from '../entities/customer-report.js';
import { Order } from '../entities/order.js';
import { SubjectNotFoundError } from '../errors.js';
import { isEffectKeyClaimed } from '../idempotency.js';
import { countEffects, ledgerEntries } from '../side-effect-ledger.js';
import { countQueries } from '../count-queries.js';
import { describeWithDatabase } from '../../../scenarios/support/describe-with-database.js';
import { ReportBuilder } from './report-builder.js';

describeWithDatabase('ReportBuilder', (db) => {
  async function customerWithOrders(orders: { amount: string | null; status: 'pending' | 'processed' | 'failed' }[]) {
    const em = db().orm.em.fork();
    const customer = (await em.insert(Customer, { name: '山田 太郎', email: null })) as number;
    if (orders.length) await em.insertMany(Order, orders.map((o) => ({ customer, ...o })));
    return customer;
  }

  it("summarises one customer's orders into a customer_reports row and ledgers report.written", async () => {
    const customerId = await customerWithOrders([
      { amount: '10.00', status: 'processed' },
      { amount: '20.01', status: 'processed' },
      { amount: null, status: 'failed' },
      { amount: '0.00', status: 'failed' },
      { amount: '5.00', status: 'pending' },
    ]);
    const outcome = await new ReportBuilder(db().orm.em, { jobId: 'reports-1', engine: 'continuable', execution: 1 }).build(
      customerId,
    );

    const expected = { orderCount: 5, totalAmount: '35.01', averageAmount: '8.75', processedCount: 2, failedCount: 2 };
    expect(outcome).toMatchObject({ customerId, status: 'written', summary: expected });
    const report = await db().orm.em.fork().findOneOrFail(CustomerReport, { customer: customerId });
    expect(report).toMatchObject({ ...expected, jobId: 'reports-1', engine: 'continuable' });
    expect(await countEffects(db().orm.em.fork(), 'reports-1', 'report.written')).toBe(1);
  });

  it('reports a customer without orders as zero with no average', async () => {
    const customerId = await customerWithOrders([]);
    const outcome = await new ReportBuilder(db().orm.em, { jobId: 'reports-2', engine: 'iteration', execution: 1 }).build(
      customerId,
    );
    expect(outcome).toMatchObject({ status: 'written', summary: { orderCount: 0, totalAmount: '0.00', averageAmount: null } });
  });

  it('in idempotent mode writes one report per customer per job, and a fresh one for a new job', async () => {
    const customerId = await customerWithOrders([{ amount: '1.00', status: 'processed' }]);
    const build = (jobId: string, execution: number) =>
      new ReportBuilder(db().orm.em, { jobId, engine: 'iteration', execution }, { idempotent: true }).build(customerId);

    expect((await build('reports-3', 1)).status).toBe('written');
    expect((await build('reports-3', 2)).status).toBe('duplicate');
    expect((await build('reports-4', 1)).status).toBe('written');
    expect(await db().orm.em.fork().count(CustomerReport, { customer: customerId })).toBe(2);
  });

  it('refuses an unknown customer, writing nothing and leaving the key unclaimed', async () => {
    const context = { jobId: 'reports-5', engine: 'iteration' as const, execution: 1 };
    await expect(new ReportBuilder(db().orm.em, context, { idempotent: true }).build(987_654)).rejects.toBeInstanceOf(
      SubjectNotFoundError,
    );
    expect(await ledgerEntries(db().orm.em.fork(), 'reports-5')).toEqual([]);
    expect(await isEffectKeyClaimed(db().orm.em.fork(), 'report:987654:reports-5')).toBe(false);
  });

  it('writes a report in four round trips (five with the key claim): summary and row are one statement', async () => {
    const customerId = await customerWithOrders([{ amount: '3.00', status: 'pending' }]);
    const context = { jobId: 'reports-6', engine: 'iteration' as const, execution: 1 };
    const raw = await countQueries(db().orm, () => new ReportBuilder(db().orm.em, context).build(customerId));
    const idempotent = await countQueries(db().orm, () => new ReportBuilder(db().orm.em, context, { idempotent: true }).build(customerId));
    expect([raw.queries, idempotent.queries]).toEqual([4, 5]);
    expect(await db().orm.em.fork().count(CustomerReport, { customer: customerId })).toBe(2);
  });
});
