import type { EntityManager } from '@mikro-orm/postgresql';
import { EmailCampaign } from '../entities/email-campaign.js';
import { SimulatedFailureError, SubjectNotFoundError } from '../errors.js';
import { claimEffectKeys } from '../idempotency.js';
import { recordEffects } from '../side-effect-ledger.js';
import type { EffectRecord } from '../types.js';
import { DomainService } from './domain-service.js';
import { decideEmails, emailErrorKey, emailKey } from './email-batch-plan.js';
import { countSentEmails, insertEmailDeliveries } from './email-outbox.js';
import { loadEmailRecipients } from './email-recipients.js';
import { perItemDelay } from './per-item-delay.js';
import { personaliseEmail } from './personalise-email.js';
import { isSimulatedFailure } from './simulated-failure.js';
import { subjectIdOf, type EmailOutcome, type EmailRecipient, type SubjectRef } from './types.js';

/** A seeded failure either throws (a single send, as always) or becomes an 'error' outcome (a batch). */
type OnSimulatedFailure = 'throw' | 'record';

/**
 * "Sends" campaign emails: personalises subject and body with the customer's name and writes an
 * email_deliveries outbox row (ledger 'email.sent'), bumping the campaign's sent_count. A recipient
 * without an email gets a ledger row 'email.skipped' and no outbox row. Key
 * `email:<campaignId>:<recipientId>` for both; in idempotent mode a repeat sends nothing and is
 * ledgered 'email.replayed'.
 * A batch costs a handful of round trips, whatever its size: one query loads the recipients, then
 * (after each recipient's simulated work) one transaction claims the keys, writes the outbox and
 * ledger rows and the counts, a statement each.
 */
export class EmailSender extends DomainService {
  /** One recipient; a seeded failure throws SimulatedFailureError before anything is written. */
  async send(ref: SubjectRef): Promise<EmailOutcome> {
    const [outcome] = await this.sendRecipients([subjectIdOf(ref)], 'throw');
    return outcome!;
  }

  /**
   * A batch, with outcomes in the order given. A seeded failure does not throw: the recipient gets
   * ledger 'email.error' (key `email:<recipientId>:error:<execution>`) and an 'error' outcome, the
   * rest of the batch is sent. Everything the batch writes commits together, or (a real error,
   * such as an unknown recipient id) nothing does.
   */
  async sendBatch(refs: readonly SubjectRef[]): Promise<EmailOutcome[]> {
    return this.sendRecipients(refs.map(subjectIdOf), 'record');
  }

  /** The job's first step: a draft campaign is now sending (a resumed one already is); a missing one is refused. */
  async startSending(campaignId: number): Promise<void> {
    const em = this.em.fork();
    const updated = await em.nativeUpdate(EmailCampaign, { id: campaignId, status: 'draft' }, { status: 'sending' });
    if (updated === 0 && (await em.count(EmailCampaign, { id: campaignId })) === 0) throw new SubjectNotFoundError('EmailCampaign', campaignId);
  }

  /** The job's last step: the campaign is sent (sent_count already counts every outbox row). */
  async markCampaignSent(campaignId: number): Promise<void> {
    const updated = await this.em.fork().nativeUpdate(EmailCampaign, { id: campaignId }, { status: 'sent' });
    if (updated === 0) throw new SubjectNotFoundError('EmailCampaign', campaignId);
  }

  private async sendRecipients(ids: readonly number[], onFailure: OnSimulatedFailure): Promise<EmailOutcome[]> {
    if (ids.length === 0) return [];
    const recipients = await loadEmailRecipients(this.em, ids);
    const failed: boolean[] = [];
    for (const recipient of recipients) {
      // Each recipient's simulated work, then its seeded failure, as if sent one by one.
      await perItemDelay(this.settings.perItemDelayMs, this.context.signal);
      const fails = isSimulatedFailure(this.settings, 'email', recipient.id, this.context.execution);
      if (fails && onFailure === 'throw') throw new SimulatedFailureError('email', recipient.id, this.context.execution);
      failed.push(fails);
    }
    // Joins the caller's transaction as a savepoint; otherwise a fork keeps the identity map small.
    const base = this.em.isInTransaction() ? this.em : this.em.fork();
    return base.transactional((tem) => this.write(tem, recipients, failed));
  }

  /** The batch's writes, one statement each: key claims, outbox rows, ledger rows, counts. */
  private async write(tem: EntityManager, recipients: readonly EmailRecipient[], failed: readonly boolean[]): Promise<EmailOutcome[]> {
    const claimed = this.settings.idempotent
      ? await claimEffectKeys(
          tem,
          recipients.filter((_, i) => !failed[i]).map((recipient) => this.effect(recipient, 'email')),
        )
      : undefined;
    const decisions = decideEmails(recipients, failed, claimed);

    const sent = recipients.filter((_, i) => decisions[i] === 'sent');
    const deliveryIds = await insertEmailDeliveries(
      tem,
      sent.map((recipient) => ({
        campaignId: recipient.campaignId,
        recipientId: recipient.id,
        toEmail: recipient.email!,
        ...personaliseEmail({ name: recipient.campaignName, subject: recipient.campaignSubject }, recipient.customerName),
        jobId: this.context.jobId,
        engine: this.context.engine,
      })),
    );
    await recordEffects(
      tem,
      recipients.map((recipient, i) =>
        decisions[i] === 'error'
          ? this.effect(recipient, 'email.error', emailErrorKey(recipient.id, this.context.execution))
          : this.effect(recipient, `email.${decisions[i]!}`),
      ),
    );
    const sentPerCampaign = new Map<number, number>();
    for (const recipient of sent) sentPerCampaign.set(recipient.campaignId, (sentPerCampaign.get(recipient.campaignId) ?? 0) + 1);
    await countSentEmails(tem, sentPerCampaign);

    let nextDelivery = 0;
    return recipients.map((recipient, i) => {
      const recipientId = recipient.id;
      switch (decisions[i]!) {
        case 'sent':
          return { recipientId, status: 'sent', deliveryId: deliveryIds[nextDelivery++]!, toEmail: recipient.email! };
        case 'skipped':
          return { recipientId, status: 'skipped', reason: 'recipient has no email' };
        case 'replayed':
          return { recipientId, status: 'duplicate' };
        case 'error':
          return {
            recipientId,
            status: 'error',
            reason: new SimulatedFailureError('email', recipientId, this.context.execution).message,
          };
      }
    });
  }

  private effect(recipient: EmailRecipient, kind: string, idempotencyKey = emailKey(recipient)): EffectRecord {
    return {
      jobId: this.context.jobId,
      engine: this.context.engine,
      kind,
      subjectId: recipient.id,
      execution: this.context.execution,
      idempotencyKey,
    };
  }
}
