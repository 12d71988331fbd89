import type { MikroORM } from '@mikro-orm/postgresql';
import { expect, it } from 'vitest';
import { dataSettings } from '../../../fixtures/data-settings.js';
import { resetData } from '../../domain/schema.js';
import { describeWithDatabase } from '../../../scenarios/support/describe-with-database.js';
import { seedCampaign } from './seed-campaign.js';
import { seedCustomersWithOrders } from './seed-customers-with-orders.js';
import { seedPendingOrders } from './seed-pending-orders.js';
import { seedProfile } from './seed-profile.js';

/** Every seeded row of every table, in id order: what "the same data" means. */
async function dump(orm: MikroORM) {
  const em = orm.em.fork();
  return {
    customers: await em.execute('select id, name, email, created_at from customers order by id'),
    orders: await em.execute('select id, customer_id, status, amount, total, failure_reason, created_at from orders order by id'),
    campaigns: await em.execute('select id, name, subject, status from email_campaigns order by id'),
    recipients: await em.execute('select id, campaign_id, customer_id, email from campaign_recipients order by id'),
  };
}

describeWithDatabase('seeding', (db) => {
  it('gives the same data for the same seed, and other data for another seed', async () => {
    await resetData(db().orm);
    await seedProfile(db().orm.em, 'quick', 42);
    const first = await dump(db().orm);
    await resetData(db().orm);
    await seedProfile(db().orm.em, 'quick', 42);
    expect(await dump(db().orm)).toEqual(first);
    await resetData(db().orm);
    await seedProfile(db().orm.em, 'quick', 43);
    expect((await dump(db().orm)).customers).not.toEqual(first.customers);
  });

  it('seeds the quick profile with its sizes and every edge case present', async () => {
    await resetData(db().orm);
    const result = await seedProfile(db().orm.em, 'quick', 42);
    expect(result.counts).toEqual({ customers: 50, orders: 100, pendingOrders: 100, campaigns: 1, recipients: 500 });

    const em = db().orm.em.fork();
    const [edges] = await em.execute<Record<string, number>[]>(
      `select (select count(*) from customers where email is null)::int as null_emails,
              (select count(*) from customers where length(name) = ?)::int as long_names,
              (select count(*) from customers where name in (?))::int as unicode_names,
              (select count(*) from orders where amount = 0)::int as zero_amounts,
              (select count(*) from orders where amount < 0)::int as negative_amounts,
              (select count(*) from orders where amount is null)::int as null_amounts,
              (select count(*) from campaign_recipients where email is null)::int as null_recipient_emails`,
      [dataSettings.longNameLength, [...dataSettings.unicodeNames]],
    );
    expect(edges).toEqual({
      null_emails: 2,
      long_names: 1,
      unicode_names: 3,
      zero_amounts: 2,
      negative_amounts: 2,
      null_amounts: 2,
      // 2 of 50 customers have no email and every customer appears 10 times in the 500 recipients
      null_recipient_emails: 20,
    });
    expect(result.pendingOrders?.edgeOrderIds.nullAmount).toHaveLength(2);
    expect(result.campaigns[0]?.nullEmailRecipientIds).toHaveLength(20);
  });

  it('gives every sendable recipient of the quick profile its own address, though customers repeat', async () => {
    await resetData(db().orm);
    await seedProfile(db().orm.em, 'quick', 42);
    const [row] = await db()
      .orm.em.fork()
      .execute<{ dupes: number }[]>(
        'select count(*)::int as dupes from (select email from campaign_recipients where email is not null group by email having count(*) > 1) d',
      );
    expect(row?.dupes).toBe(0);
  });

  it('seeds customers with an order history that adds no pending orders', async () => {
    await resetData(db().orm);
    const seeded = await seedCustomersWithOrders(db().orm.em, 3, 50, 9);
    expect(seeded.customerIds).toHaveLength(3);
    expect([...seeded.orderIdsByCustomer.values()].map((ids) => ids.length)).toEqual([50, 50, 50]);
    expect(await db().orm.em.fork().execute("select id from orders where status = 'pending'")).toEqual([]);
  });

  it('returns the ids it created, for scenarios to enumerate', async () => {
    await resetData(db().orm);
    const orders = await seedPendingOrders(db().orm.em, 12, 5);
    expect(orders.orderIds).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(orders.customerIds).toHaveLength(3);
    const campaign = await seedCampaign(db().orm.em, 5, 6, { customerIds: orders.customerIds.slice(0, 2) });
    const rows = await db()
      .orm.em.fork()
      .execute<{ id: number; customer_id: number }[]>('select id, customer_id from campaign_recipients order by id');
    expect(rows.map((r) => r.id)).toEqual(campaign.recipientIds);
    expect(rows.map((r) => r.customer_id)).toEqual([1, 2, 1, 2, 1]);
  });
});
