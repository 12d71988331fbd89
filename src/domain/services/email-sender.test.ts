import { expect, it } from 'vitest';
import { CampaignRecipient } from '../entities/campaign-recipient.js';
import { Customer } from '../entities/customer.js';
import { EmailCampaign } from '../entities/email-campaign.js';
import { EmailDelivery } from '../entities/email-delivery.js';
import { SimulatedFailureError, SubjectNotFoundError } from '../errors.js';
import { countEffects, ledgerEntries } from '../side-effect-ledger.js';
import { describeWithDatabase } from '../../../scenarios/support/describe-with-database.js';
import type { JobContext } from '../types.js';
import { EmailSender } from './email-sender.js';
import { countQueries } from '../count-queries.js';
import { isSimulatedFailure } from './simulated-failure.js';

describeWithDatabase('EmailSender', (db) => {
  async function campaignWith(recipients: { name: string; email: string | null }[]) {
    const em = db().orm.em.fork();
    const campaign = (await em.insert(EmailCampaign, { name: 'Spring sale', subject: '{{name}}, spring is here' })) as number;
    // Two statements, however many recipients (em.insertMany returns only the first id).
    const insertReturningIds = async (sql: string, rows: unknown[][]) => {
      const values = rows.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ');
      const inserted = await em.execute<{ id: number }[]>(`${sql} values ${values} returning id`, rows.flat());
      return inserted.map((row) => row.id).sort((a, b) => a - b);
    };
    const customers = await insertReturningIds('insert into customers (name, email)', recipients.map((r) => [r.name, r.email]));
    const ids = await insertReturningIds(
      'insert into campaign_recipients (campaign_id, customer_id, email)',
      recipients.map((r, i) => [campaign, customers[i], r.email]),
    );
    return { campaign, ids };
  }
  const ctx = (jobId: string): JobContext => ({ jobId, engine: 'continuable', execution: 1 });

  it('writes a personalised outbox row per recipient, keeping unicode names intact', async () => {
    const { campaign, ids } = await campaignWith([{ name: '🚀 Zoë 李', email: 'zoe@example.com' }]);
    const outcome = await new EmailSender(db().orm.em, ctx('email-1')).send(ids[0]!);

    expect(outcome).toMatchObject({ recipientId: ids[0], status: 'sent', toEmail: 'zoe@example.com' });
    const delivery = await db().orm.em.fork().findOneOrFail(EmailDelivery, { recipient: ids[0]! });
    expect(delivery).toMatchObject({ toEmail: 'zoe@example.com', subject: '🚀 Zoë 李, spring is here', jobId: 'email-1' });
    expect(delivery.body).toContain('Hello 🚀 Zoë 李,');
    const [entry] = await ledgerEntries(db().orm.em.fork(), 'email-1');
    expect(entry).toMatchObject({ kind: 'email.sent', idempotencyKey: `email:${campaign}:${ids[0]}` });
    expect(await db().orm.em.fork().findOneOrFail(EmailCampaign, campaign)).toMatchObject({ sentCount: 1, status: 'sending' });
  });

  it('skips a recipient without an email: a ledger row email.skipped, no outbox row', async () => {
    const { ids } = await campaignWith([{ name: 'No Mail', email: null }]);
    expect(await new EmailSender(db().orm.em, ctx('email-2')).send(ids[0]!)).toMatchObject({ status: 'skipped' });
    expect(await db().orm.em.fork().count(EmailDelivery, { recipient: ids[0]! })).toBe(0);
    expect(await countEffects(db().orm.em.fork(), 'email-2', 'email.skipped')).toBe(1);
  });

  it('sends a batch in order and marks the campaign sent with an exact count', async () => {
    const { campaign, ids } = await campaignWith([
      { name: 'A', email: 'a@example.com' },
      { name: 'B', email: null },
      { name: 'C', email: 'c@example.com' },
    ]);
    const sender = new EmailSender(db().orm.em, ctx('email-3'));
    const outcomes = await sender.sendBatch(ids);
    await sender.markCampaignSent(campaign);

    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'skipped', 'sent']);
    expect((await ledgerEntries(db().orm.em.fork(), 'email-3')).map((e) => e.subjectId)).toEqual(ids);
    expect(await db().orm.em.fork().findOneOrFail(EmailCampaign, campaign)).toMatchObject({ sentCount: 2, status: 'sent' });
  });

  it('in idempotent mode sends each recipient once even across jobs', async () => {
    const { ids } = await campaignWith([{ name: 'Once', email: 'once@example.com' }]);
    await new EmailSender(db().orm.em, ctx('email-4'), { idempotent: true }).send(ids[0]!);
    const again = await new EmailSender(db().orm.em, ctx('email-5'), { idempotent: true }).send(ids[0]!);
    expect(again).toEqual({ recipientId: ids[0], status: 'duplicate' });
    expect(await db().orm.em.fork().count(EmailDelivery, { recipient: ids[0]! })).toBe(1);
  });

  const deliveriesOf = (campaign: number) =>
    db().orm.em.fork().find(EmailDelivery, { campaign }, { orderBy: { id: 'asc' } });
  const campaignRow = (campaign: number) => db().orm.em.fork().findOneOrFail(EmailCampaign, campaign);
  const manyRecipients = (n: number) =>
    campaignWith(Array.from({ length: n }, (_, i) => ({ name: `R${i}`, email: i % 10 === 3 ? null : `r${i}@example.com` })));
  /** A seed that fails some of `ids` in execution 1 and spares others, with the failing ones. */
  function mixedFailureSeed(ids: number[]): { seed: number; failing: number[] } {
    for (let seed = 0; ; seed++) {
      const failing = ids.filter((id) => isSimulatedFailure({ failureRate: 0.3, failureSeed: seed }, 'email', id, 1));
      if (failing.length > 0 && failing.length < ids.length) return { seed, failing };
    }
  }

  it('records a seeded failure in a batch as email.error and sends the rest, all in input order', async () => {
    const { campaign, ids } = await manyRecipients(12);
    const { seed, failing } = mixedFailureSeed(ids);
    const input = [...ids].reverse();
    const outcomes = await new EmailSender(db().orm.em, ctx('email-10'), { failureRate: 0.3, failureSeed: seed }).sendBatch(input);

    expect(outcomes.map((o) => o.recipientId)).toEqual(input);
    for (const outcome of outcomes.filter((o) => failing.includes(o.recipientId))) {
      expect(outcome).toEqual({
        recipientId: outcome.recipientId,
        status: 'error',
        reason: new SimulatedFailureError('email', outcome.recipientId, 1).message,
      });
    }
    const entries = await ledgerEntries(db().orm.em.fork(), 'email-10');
    expect(entries.map((e) => e.subjectId)).toEqual(input);
    expect(entries.filter((e) => e.kind === 'email.error')).toEqual(
      input
        .filter((id) => failing.includes(id))
        .map((id) => expect.objectContaining({ subjectId: id, idempotencyKey: `email:${id}:error:1`, execution: 1 })),
    );
    const sent = outcomes.filter((o) => o.status === 'sent');
    const deliveries = await deliveriesOf(campaign);
    expect(deliveries.map((d) => d.recipient.id).sort()).toEqual(sent.map((o) => o.recipientId).sort());
    expect(sent.map((o) => o.deliveryId).sort()).toEqual(deliveries.map((d) => d.id).sort());
    expect(await campaignRow(campaign)).toMatchObject({ sentCount: sent.length, status: 'sending' });
  });

  it('still throws SimulatedFailureError from a single send, writing nothing', async () => {
    const { campaign, ids } = await manyRecipients(1);
    const seed = [...Array(1000).keys()].find((s) => isSimulatedFailure({ failureRate: 0.5, failureSeed: s }, 'email', ids[0]!, 1))!;
    const sender = new EmailSender(db().orm.em, ctx('email-11'), { failureRate: 0.5, failureSeed: seed });

    await expect(sender.send(ids[0]!)).rejects.toBeInstanceOf(SimulatedFailureError);
    expect(await ledgerEntries(db().orm.em.fork(), 'email-11')).toEqual([]);
    expect(await deliveriesOf(campaign)).toEqual([]);
    expect(await campaignRow(campaign)).toMatchObject({ sentCount: 0, status: 'draft' });
  });

  it('sends a batch of 50 in a handful of round trips, whatever the mode', async () => {
    const { campaign, ids } = await manyRecipients(50);
    const raw = await countQueries(db().orm, () => new EmailSender(db().orm.em, ctx('email-12')).sendBatch(ids));
    const first = await countQueries(db().orm, () => new EmailSender(db().orm.em, ctx('email-13'), { idempotent: true }).sendBatch(ids));
    const again = await countQueries(db().orm, () => new EmailSender(db().orm.em, ctx('email-14'), { idempotent: true }).sendBatch(ids));

    expect([raw.queries, first.queries, again.queries].every((n) => n <= 7)).toBe(true);
    expect(first.result.filter((o) => o.status === 'sent')).toHaveLength(45);
    expect(again.result.every((o) => o.status === 'duplicate')).toBe(true);
    expect(await countEffects(db().orm.em.fork(), 'email-14', 'email.replayed')).toBe(50);
    expect(await deliveriesOf(campaign)).toHaveLength(90);
    expect(await campaignRow(campaign)).toMatchObject({ sentCount: 90 });
  });

  it('in idempotent mode sends only the new recipients of a batch and a recipient given twice once', async () => {
    const { campaign, ids } = await manyRecipients(4);
    const [a, b, c, d] = ids as [number, number, number, number];
    await new EmailSender(db().orm.em, ctx('email-15'), { idempotent: true }).sendBatch([a, b]);
    const outcomes = await new EmailSender(db().orm.em, ctx('email-15'), { idempotent: true }).sendBatch([c, a, c, d, b]);

    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'duplicate', 'duplicate', 'skipped', 'duplicate']);
    const kinds = (await ledgerEntries(db().orm.em.fork(), 'email-15')).map((e) => `${e.kind}:${e.subjectId}`);
    expect(kinds).toEqual([
      `email.sent:${a}`,
      `email.sent:${b}`,
      `email.sent:${c}`,
      `email.replayed:${a}`,
      `email.replayed:${c}`,
      `email.skipped:${d}`,
      `email.replayed:${b}`,
    ]);
    expect((await deliveriesOf(campaign)).map((del) => del.recipient.id)).toEqual([a, b, c]);
    expect(await campaignRow(campaign)).toMatchObject({ sentCount: 3 });
  });

  it('in raw mode sends a recipient given twice twice, each with its own outbox row', async () => {
    const { campaign, ids } = await manyRecipients(1);
    const outcomes = await new EmailSender(db().orm.em, ctx('email-16')).sendBatch([ids[0]!, ids[0]!]);
    const deliveries = await deliveriesOf(campaign);
    expect(outcomes).toEqual(deliveries.map((del) => ({ recipientId: ids[0], status: 'sent', deliveryId: del.id, toEmail: 'r0@example.com' })));
    expect(await countEffects(db().orm.em.fork(), 'email-16', 'email.sent')).toBe(2);
    expect(await campaignRow(campaign)).toMatchObject({ sentCount: 2 });
  });

  it('lets concurrent idempotent batches with overlapping recipients send each recipient once', async () => {
    const { campaign, ids } = await campaignWith(Array.from({ length: 30 }, (_, i) => ({ name: `C${i}`, email: `c${i}@example.com` })));
    const sender = (jobId: string) => new EmailSender(db().orm.em, ctx(jobId), { idempotent: true });
    await Promise.all([
      sender('email-17a').sendBatch(ids.slice(0, 20)),
      sender('email-17b').sendBatch(ids.slice(10).reverse()),
      sender('email-17c').sendBatch(ids),
    ]);
    const deliveries = await deliveriesOf(campaign);
    expect(deliveries.map((del) => del.recipient.id).sort((x, y) => x - y)).toEqual(ids);
    expect(await countEffects(db().orm.em.fork(), ['email-17a', 'email-17b', 'email-17c'], 'email.sent')).toBe(30);
    expect(await countEffects(db().orm.em.fork(), ['email-17a', 'email-17b', 'email-17c'], 'email.replayed')).toBe(40);
    expect(await campaignRow(campaign)).toMatchObject({ sentCount: 30 });
  });

  it('refuses a batch with an unknown recipient before writing anything', async () => {
    const { campaign, ids } = await manyRecipients(3);
    await expect(new EmailSender(db().orm.em, ctx('email-18')).sendBatch([ids[0]!, 987_654, ids[1]!])).rejects.toBeInstanceOf(
      SubjectNotFoundError,
    );
    expect(await ledgerEntries(db().orm.em.fork(), 'email-18')).toEqual([]);
    expect(await deliveriesOf(campaign)).toEqual([]);
  });

  it("joins the caller's transaction, so the job's rollback takes the whole batch with it", async () => {
    const { campaign, ids } = await manyRecipients(3);
    await expect(
      db().orm.em.fork().transactional(async (tem) => {
        await new EmailSender(tem, ctx('email-19')).sendBatch(ids);
        throw new Error('the job failed to save its cursor');
      }),
    ).rejects.toThrow('cursor');
    expect(await ledgerEntries(db().orm.em.fork(), 'email-19')).toEqual([]);
    expect(await campaignRow(campaign)).toMatchObject({ sentCount: 0, status: 'draft' });
  });

  it('keeps names with quotes, backslashes and question marks intact', async () => {
    const name = `O'Brien \\ "Q"? 🎉`;
    const { ids } = await campaignWith([{ name, email: 'ob@example.com' }]);
    await new EmailSender(db().orm.em, ctx('email-20')).sendBatch(ids);
    const delivery = await db().orm.em.fork().findOneOrFail(EmailDelivery, { recipient: ids[0]! });
    expect(delivery.subject).toBe(`${name}, spring is here`);
    expect(delivery.body).toBe(`Hello ${name},\n\n${name}, spring is here\n\n— Spring sale`);
  });

  it('shortens every recipient\'s simulated work when the worker shuts down', async () => {
    const { ids } = await manyRecipients(5);
    const controller = new AbortController();
    controller.abort();
    const started = performance.now();
    const sender = new EmailSender(db().orm.em, { ...ctx('email-21'), signal: controller.signal }, { perItemDelayMs: 10_000 });
    const outcomes = await sender.sendBatch(ids);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await countEffects(db().orm.em.fork(), 'email-21', 'email.sent')).toBe(outcomes.filter((o) => o.status === 'sent').length);
  });
});
