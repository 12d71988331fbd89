import { CampaignRecipient } from './campaign-recipient.js';
import { Customer } from './customer.js';
import { CustomerReport } from './customer-report.js';
import { EffectKey } from './effect-key.js';
import { EmailCampaign } from './email-campaign.js';
import { EmailDelivery } from './email-delivery.js';
import { IssuedJobNumber } from './issued-job-number.js';
import { JobCompletion } from './job-completion.js';
import { Order } from './order.js';
import { SideEffect } from './side-effect.js';

export { CampaignRecipient, Customer, CustomerReport, EffectKey, EmailCampaign, EmailDelivery, IssuedJobNumber, JobCompletion, Order, SideEffect };
export { ORDER_STATUSES, type OrderStatus } from './order.js';
export { CAMPAIGN_STATUSES, type CampaignStatus } from './email-campaign.js';
export { COMPLETED_JOBS, type CompletedJob } from './job-completion.js';

/** Every entity, by reference (globs would make MikroORM import .ts files from CJS and fail under vitest). */
export const allEntities = [
  Customer,
  Order,
  EmailCampaign,
  CampaignRecipient,
  EmailDelivery,
  CustomerReport,
  SideEffect,
  EffectKey,
  JobCompletion,
  IssuedJobNumber,
] as const;
