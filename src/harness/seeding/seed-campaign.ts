import type { EntityManager } from '@mikro-orm/postgresql';
import { dataSettings } from '../../../fixtures/data-settings.js';
import { CampaignRecipient } from '../../domain/entities/campaign-recipient.js';
import { EmailCampaign } from '../../domain/entities/email-campaign.js';
import { InvalidSeedSizeError, UnknownSeedCustomerError } from './errors.js';
import { insertInChunks } from './bulk-insert.js';
import { insertCustomers } from './seed-customers.js';
import { createSeededFaker } from './seeded-faker.js';
import type { SeedCampaignOptions, SeededCampaign, SeededCustomer } from './types.js';

/** jane@example.com, round 2 -> jane+2@example.com; round 0 is the customer's own address. */
export function recipientEmail(customerEmail: string | null, round: number): string | null {
  if (customerEmail === null || round === 0) return customerEmail;
  const at = customerEmail.lastIndexOf('@');
  return `${customerEmail.slice(0, at)}${dataSettings.campaigns.plusAddressSeparator}${round}${customerEmail.slice(at)}`;
}

/** A plain query, not em.find: seeders accept any EntityManager, the global one included. */
async function loadCustomers(em: EntityManager, ids: readonly number[]): Promise<SeededCustomer[]> {
  const found = await em.execute<SeededCustomer[]>('select id, email from customers where id in (?)', [[...ids]]);
  const byId = new Map(found.map((c) => [c.id, c]));
  return ids.map((id) => {
    const customer = byId.get(id);
    if (!customer) throw new UnknownSeedCustomerError(id);
    return customer;
  });
}

/**
 * A draft campaign with `recipients` recipients. Recipient j belongs to customer j mod n (the given
 * customers, or 1,000 created here); a repeated customer gets a plus-address per round, and a
 * customer without an email gives recipients without one (the sender skips them: ~4%).
 */
export async function seedCampaign(
  em: EntityManager,
  recipients: number,
  seed: number,
  options: SeedCampaignOptions = {},
): Promise<SeededCampaign> {
  if (!Number.isInteger(recipients) || recipients < 0) throw new InvalidSeedSizeError('recipients', recipients);
  const faker = createSeededFaker(seed);
  const customers = options.customerIds?.length
    ? await loadCustomers(em, options.customerIds)
    : await insertCustomers(em, faker, Math.max(1, Math.min(recipients, dataSettings.campaigns.standaloneCustomers)));

  const [campaignId] = await insertInChunks(em, EmailCampaign, [
    {
      name: options.name ?? `${faker.commerce.productAdjective()} ${faker.commerce.department()} week`,
      subject: `{{name}}, ${faker.commerce.productAdjective().toLowerCase()} deals on ${faker.commerce.product().toLowerCase()}`,
      status: 'draft',
      sentCount: 0,
    },
  ]);

  const rows = Array.from({ length: recipients }, (_, j) => {
    const customer = customers[j % customers.length]!;
    return { campaign: campaignId!, customer: customer.id, email: recipientEmail(customer.email, Math.floor(j / customers.length)) };
  });
  const recipientIds = await insertInChunks(em, CampaignRecipient, rows);
  return {
    campaignId: campaignId!,
    recipientIds,
    nullEmailRecipientIds: recipientIds.filter((_, j) => rows[j]!.email === null),
    customerIds: customers.map((c) => c.id),
  };
}
