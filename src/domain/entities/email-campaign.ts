import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const CAMPAIGN_STATUSES = ['draft', 'sending', 'sent'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** An email campaign; `subject` may contain `{{name}}`, replaced per recipient by the EmailSender. */
export const EmailCampaign = defineEntity({
  name: 'EmailCampaign',
  tableName: 'email_campaigns',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    name: p.text(),
    subject: p.text(),
    status: p.enum([...CAMPAIGN_STATUSES]).default('draft'),
    sentCount: p.integer().default(0),
  }),
});

export type EmailCampaign = InferEntity<typeof EmailCampaign>;
