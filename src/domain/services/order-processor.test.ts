import { expect, it } from 'vitest';
import { Customer } from '../entities/customer.js';
import { Order } from '../entities/order.js';
import { SimulatedFailureError } from '../errors/simulated-failure-error.js';
import { countEffects, duplicateSubjects, ledgerEntries } from '../side-effect-ledger.js';
import { describeWithDatabase } from '../test-support/describe-with-database.js';
import type { JobContext } from '../types.js';
import { isSimulatedFailure } from './simulated-failure.js';
import { OrderProcessor } from './order-processor.js';

describeWithDatabase('OrderProcessor', (db) => {
  let jobCounter = 0;
  const context = (execution = 1): JobContext => ({ jobId: `orders-${++jobCounter}`, engine: 'iteration', execution });

  async function pendingOrder(amount: string | null): Promise<number> {
    const em = db().orm.em.fork();
    const customer = await em.insert(Customer, { name: 'Zoë Ångström', email: 'zoe@example.com' });
    return (await em.insert(Order, { customer, amount, status: 'pending' })) as number;
  }

  const load = (id: number) => db().orm.em.fork().findOneOrFail(Order, id);

  it('prices a valid order, marks it processed and ledgers order.processed', async () => {
    const id = await pendingOrder('120.00');
    const ctx = context();
    const outcome = await new OrderProcessor(db().orm.em, ctx).process(id);

    expect(outcome).toEqual({ orderId: id, status: 'processed', shipping: '0.00', tax: '9.60', total: '129.60' });
    const order = await load(id);
    expect(order).toMatchObject({ status: 'processed', shipping: '0.00', tax: '9.60', total: '129.60', failureReason: null });
    expect(order.processedAt).toBeInstanceOf(Date);
    const [entry] = await ledgerEntries(db().orm.em.fork(), ctx.jobId);
    expect(entry).toMatchObject({ kind: 'order.processed', subjectId: id, execution: 1, idempotencyKey: `order:${id}:processed` });
  });

  it.each([
    [null, 'amount is missing'],
    ['0.00', 'amount is zero'],
    ['-12.50', 'amount is negative (-12.50)'],
  ])('marks an order with amount %s failed with the reason "%s" and ledgers order.failed', async (amount, reason) => {
    const id = await pendingOrder(amount);
    const ctx = context();
    expect(await new OrderProcessor(db().orm.em, ctx).process({ id })).toEqual({ orderId: id, status: 'failed', reason });
    expect(await load(id)).toMatchObject({ status: 'failed', failureReason: reason, total: null, processedAt: null });
    expect(await countEffects(db().orm.em.fork(), ctx.jobId, 'order.failed')).toBe(1);
    expect(await countEffects(db().orm.em.fork(), ctx.jobId, 'order.processed')).toBe(0);
  });

  it('in raw mode records a repeated order twice, so the ledger shows the duplicate', async () => {
    const id = await pendingOrder('10.00');
    const ctx = context();
    const processor = new OrderProcessor(db().orm.em, ctx);
    await processor.process(id);
    await processor.process(id);
    expect(await duplicateSubjects(db().orm.em.fork(), ctx.jobId, 'order.processed')).toEqual([{ subjectId: id, count: 2 }]);
  });

  it('in idempotent mode turns a repeat (even by a later execution) into a no-op', async () => {
    const id = await pendingOrder('10.00');
    const first = context(1);
    await new OrderProcessor(db().orm.em, first, { idempotent: true }).process(id);
    const before = await load(id);
    const repeat = await new OrderProcessor(db().orm.em, { ...first, execution: 2 }, { idempotent: true }).process(id);

    expect(repeat).toEqual({ orderId: id, status: 'duplicate' });
    expect(await countEffects(db().orm.em.fork(), first.jobId, 'order.processed')).toBe(1);
    // The suppressed attempt is still on record, so replayed work can be measured.
    expect(await countEffects(db().orm.em.fork(), first.jobId, 'order.replayed')).toBe(1);
    expect((await load(id)).processedAt).toEqual(before.processedAt);
  });

  it('throws SimulatedFailureError for a seeded failure before writing anything', async () => {
    const id = await pendingOrder('10.00');
    const ctx = context();
    const seed = [...Array(1000).keys()].find((s) => isSimulatedFailure({ failureRate: 0.5, failureSeed: s }, 'order', id, 1))!;
    const processor = new OrderProcessor(db().orm.em, ctx, { failureRate: 0.5, failureSeed: seed });

    await expect(processor.process(id)).rejects.toBeInstanceOf(SimulatedFailureError);
    expect((await load(id)).status).toBe('pending');
    expect(await ledgerEntries(db().orm.em.fork(), ctx.jobId)).toEqual([]);
  });

  it("joins the caller's transaction, so a job's rollback takes the effect and its ledger row with it", async () => {
    const id = await pendingOrder('10.00');
    const ctx = context();
    await expect(
      db().orm.em.fork().transactional(async (tem) => {
        await new OrderProcessor(tem, ctx).process(id);
        throw new Error('the job failed to save its cursor');
      }),
    ).rejects.toThrow('cursor');
    expect((await load(id)).status).toBe('pending');
    expect(await countEffects(db().orm.em.fork(), ctx.jobId, 'order.processed')).toBe(0);
  });
});
