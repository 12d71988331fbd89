import type { EntityManager } from '@mikro-orm/postgresql';
import { CampaignRecipient } from '../entities/campaign-recipient.js';
import { EmailCampaign } from '../entities/email-campaign.js';
import { EmailDelivery } from '../entities/email-delivery.js';
import { SubjectNotFoundError } from '../errors/subject-not-found-error.js';
import type { JobContext, ProcessingSettings } from '../types.js';
import { runEffect } from './effect-runner.js';
import { personaliseEmail } from './personalise-email.js';
import { resolveProcessingSettings } from './processing-settings.js';
import { subjectIdOf, type EmailOutcome, type SubjectRef } from './types.js';

/**
 * "Sends" one campaign email: personalises subject and body with the customer's name and writes an
 * email_deliveries outbox row (ledger 'email.sent'), bumping the campaign's sent_count. A recipient
 * without an email gets a ledger row 'email.skipped' and no outbox row. Key
 * `email:<campaignId>:<recipientId>` for both.
 */
export class EmailSender {
  private readonly settings: ProcessingSettings;

  constructor(
    private readonly em: EntityManager,
    private readonly context: JobContext,
    settings: Partial<ProcessingSettings> = {},
  ) {
    this.settings = resolveProcessingSettings(settings);
  }

  async send(ref: SubjectRef): Promise<EmailOutcome> {
    const recipientId = subjectIdOf(ref);
    // The key needs the campaign id: read it first (one indexed lookup), outside the effect.
    const recipient = await this.em.fork().findOne(CampaignRecipient, recipientId);
    if (!recipient) throw new SubjectNotFoundError('CampaignRecipient', recipientId);
    const campaignId = recipient.campaign.id;
    const spec = { family: 'email', subjectId: recipientId, idempotencyKey: `email:${campaignId}:${recipientId}` };

    const outcome = await runEffect<EmailOutcome>(this.em, this.context, this.settings, spec, async (tem) => {
      const current = await tem.findOneOrFail(CampaignRecipient, recipientId, { populate: ['campaign', 'customer'] });
      if (current.email === null || current.email === undefined) {
        return { kind: 'email.skipped', value: { recipientId, status: 'skipped', reason: 'recipient has no email' } };
      }
      const { subject, body } = personaliseEmail(current.campaign, current.customer.name);
      const delivery = tem.create(EmailDelivery, {
        campaign: current.campaign,
        recipient: current,
        toEmail: current.email,
        subject,
        body,
        jobId: this.context.jobId,
        engine: this.context.engine,
      });
      await tem.flush();
      // One statement, no read-modify-write: concurrent senders of one campaign cannot lose a count.
      await tem.execute(
        `update email_campaigns set sent_count = sent_count + 1,
           status = case when status = 'draft' then 'sending' else status end where id = ?`,
        [campaignId],
        'run',
      );
      return { kind: 'email.sent', value: { recipientId, status: 'sent', deliveryId: delivery.id, toEmail: current.email } };
    });
    return outcome.applied ? outcome.value : { recipientId, status: 'duplicate' };
  }

  /** Sends a batch item by item (each its own transaction), in the order given. */
  async sendBatch(refs: readonly SubjectRef[]): Promise<EmailOutcome[]> {
    const outcomes: EmailOutcome[] = [];
    for (const ref of refs) outcomes.push(await this.send(ref));
    return outcomes;
  }

  /** The job's last step: the campaign is sent (sent_count already counts every outbox row). */
  async markCampaignSent(campaignId: number): Promise<void> {
    const updated = await this.em.fork().nativeUpdate(EmailCampaign, { id: campaignId }, { status: 'sent' });
    if (updated === 0) throw new SubjectNotFoundError('EmailCampaign', campaignId);
  }
}
