import { expect, it } from 'vitest';
import { Customer } from '../entities/customer.js';
import { CustomerReport } from '../entities/customer-report.js';
import { Order } from '../entities/order.js';
import { countEffects } from '../side-effect-ledger.js';
import { describeWithDatabase } from '../test-support/describe-with-database.js';
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
});
