import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Customer } from './customer.js';
import { EmailCampaign } from './email-campaign.js';

/**
 * One addressee of a campaign. Every recipient belongs to a customer (whose name personalises the
 * mail); a campaign larger than the customer base repeats customers with distinct plus-addresses.
 * `email` null means "cannot be sent": the sender records a skip instead of a delivery.
 */
export const CampaignRecipient = defineEntity({
  name: 'CampaignRecipient',
  tableName: 'campaign_recipients',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    campaign: () => p.manyToOne(EmailCampaign),
    customer: () => p.manyToOne(Customer),
    email: p.text().nullable(),
  }),
  // The email job enumerates one campaign's recipients by id.
  indexes: [{ properties: ['campaign', 'id'] }],
});

export type CampaignRecipient = InferEntity<typeof CampaignRecipient>;
