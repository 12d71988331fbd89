import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { CampaignRecipient } from './campaign-recipient.js';
import { EmailCampaign } from './email-campaign.js';

/**
 * The outbox: a row here is an email "sent". Nothing is unique on purpose, so a re-sent email
 * shows up as a second row (the ledger is what tests count, this is what a mail relay would read).
 */
export const EmailDelivery = defineEntity({
  name: 'EmailDelivery',
  tableName: 'email_deliveries',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    campaign: () => p.manyToOne(EmailCampaign),
    recipient: () => p.manyToOne(CampaignRecipient),
    toEmail: p.text(),
    subject: p.text(),
    body: p.text(),
    jobId: p.text(),
    engine: p.text(),
    createdAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  }),
  indexes: [{ properties: ['campaign', 'recipient'] }],
});

export type EmailDelivery = InferEntity<typeof EmailDelivery>;
