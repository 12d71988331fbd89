import { describe, expect, it } from 'vitest';
import { Customer } from '../entities/customer.js';
import { Order } from '../entities/order.js';
import { SimulatedFailureError, SubjectNotFoundError } from '../errors.js';
import { countEffects, duplicateSubjects, ledgerEntries } from '../side-effect-ledger.js';
import { describeWithDatabase } from '../../../scenarios/support/describe-with-database.js';
import type { JobContext } from '../types.js';
import { isEffectKeyClaimed } from '../idempotency.js';
import { countQueries } from '../count-queries.js';
import { priceOrder } from './order-pricing.js';
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

  describe('pricing in SQL', () => {
    // Boundaries of every rule (free shipping strictly over 100.00, tax half-up to the cent), tiny
    // and huge amounts, the invalid ones, and a deterministic spread of ordinary amounts.
    const edges = [
      '0.01', '0.06', '0.07', '0.12', '0.13', '0.19', '1.00', '6.25', '10.06', '10.07', '18.75', '99.99',
      '100.00', '100.01', '100.06', '100.07', '999.99', '12345.67', '99999999.99', null, '0.00', '-0.01', '-12.50',
    ];
    const spread = Array.from({ length: 80 }, (_, i) => ((i * 7919 + 13) % 25_000) / 100).map((n) => n.toFixed(2));
    const amounts = [...edges, ...spread];

    it('matches order-pricing.ts to the cent, in the outcome and in the stored row', async () => {
      const em = db().orm.em.fork();
      const customer = await em.insert(Customer, { name: 'Pricing', email: null });
      await em.insertMany(Order, amounts.map((amount) => ({ customer, amount, status: 'pending' as const })));
      const ids = (await em.find(Order, { customer }, { orderBy: { id: 'asc' }, fields: ['id'] })).map((o) => o.id);
      const ctx = context();
      const processor = new OrderProcessor(db().orm.em, ctx);
      const outcomes = [];
      for (const id of ids) outcomes.push(await processor.process(id));
      const stored = await db().orm.em.fork().find(Order, { customer }, { orderBy: { id: 'asc' } });

      const expected = amounts.map((amount, i) => {
        const pricing = priceOrder(amount);
        return pricing.valid
          ? {
              outcome: { orderId: ids[i], status: 'processed', shipping: pricing.shipping, tax: pricing.tax, total: pricing.total },
              row: { status: 'processed', shipping: pricing.shipping, tax: pricing.tax, total: pricing.total, failureReason: null },
            }
          : {
              outcome: { orderId: ids[i], status: 'failed', reason: pricing.reason },
              row: { status: 'failed', shipping: null, tax: null, total: null, failureReason: pricing.reason },
            };
      });
      const actual = outcomes.map((outcome, i) => {
        const { status, shipping, tax, total, failureReason } = stored[i]!;
        return { outcome, row: { status, shipping, tax, total, failureReason } };
      });
      expect(actual).toEqual(expected);
      expect(await countEffects(db().orm.em.fork(), ctx.jobId, 'order.processed')).toBe(
        amounts.filter((a) => priceOrder(a).valid).length,
      );
    });
  });

  it('costs one round trip per order, in raw and in idempotent mode, first time or replayed', async () => {
    const id = await pendingOrder('42.00');
    const ctx = context();
    for (const settings of [{ idempotent: false }, { idempotent: true }, { idempotent: true }]) {
      const { queries } = await countQueries(db().orm, () => new OrderProcessor(db().orm.em, ctx, settings).process(id));
      expect(queries).toBe(1);
    }
    const kinds = (await ledgerEntries(db().orm.em.fork(), ctx.jobId)).map((e) => e.kind);
    expect(kinds).toEqual(['order.processed', 'order.processed', 'order.replayed']);
  });

  it('in idempotent mode lets exactly one of several concurrent processors apply the order', async () => {
    const id = await pendingOrder('55.55');
    const ctx = context();
    const outcomes = await Promise.all(
      [1, 2, 3].map((execution) => new OrderProcessor(db().orm.em, { ...ctx, execution }, { idempotent: true }).process(id)),
    );
    expect(outcomes.filter((o) => o.status === 'processed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(2);
    expect(await countEffects(db().orm.em.fork(), ctx.jobId, 'order.processed')).toBe(1);
    expect(await countEffects(db().orm.em.fork(), ctx.jobId, 'order.replayed')).toBe(2);
  });

  it.each([false, true])('refuses an unknown order (idempotent %s) and writes nothing, not even a key', async (idempotent) => {
    const ctx = context();
    const missing = 9_000_000 + jobCounter;
    await expect(new OrderProcessor(db().orm.em, ctx, { idempotent }).process(missing)).rejects.toBeInstanceOf(
      SubjectNotFoundError,
    );
    expect(await ledgerEntries(db().orm.em.fork(), ctx.jobId)).toEqual([]);
    expect(await isEffectKeyClaimed(db().orm.em.fork(), `order:${missing}:processed`)).toBe(false);
  });

  it('in idempotent mode replays an order handled before even if it is gone since, as the claim decides', async () => {
    const id = await pendingOrder('10.00');
    const ctx = context();
    await new OrderProcessor(db().orm.em, ctx, { idempotent: true }).process(id);
    await db().orm.em.fork().nativeDelete(Order, id);
    expect(await new OrderProcessor(db().orm.em, ctx, { idempotent: true }).process(id)).toEqual({ orderId: id, status: 'duplicate' });
    expect(await countEffects(db().orm.em.fork(), ctx.jobId, 'order.replayed')).toBe(1);
  });
});
