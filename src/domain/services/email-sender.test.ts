import { expect, it } from 'vitest';
import { CampaignRecipient } from '../entities/campaign-recipient.js';
import { Customer } from '../entities/customer.js';
import { EmailCampaign } from '../entities/email-campaign.js';
import { EmailDelivery } from '../entities/email-delivery.js';
import { countEffects, ledgerEntries } from '../side-effect-ledger.js';
import { describeWithDatabase } from '../test-support/describe-with-database.js';
import type { JobContext } from '../types.js';
import { EmailSender } from './email-sender.js';

describeWithDatabase('EmailSender', (db) => {
  async function campaignWith(recipients: { name: string; email: string | null }[]) {
    const em = db().orm.em.fork();
    const campaign = (await em.insert(EmailCampaign, { name: 'Spring sale', subject: '{{name}}, spring is here' })) as number;
    const ids: number[] = [];
    for (const r of recipients) {
      const customer = await em.insert(Customer, { name: r.name, email: r.email });
      ids.push((await em.insert(CampaignRecipient, { campaign, customer, email: r.email })) as number);
    }
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
});
