import type { EntityManager } from '@mikro-orm/postgresql';
import { SubjectNotFoundError } from '../errors.js';
import type { EmailRecipient } from './types.js';

/**
 * Loads the recipients with their campaign and customer name in one query, returned in the order
 * of `ids` (an id given twice comes back twice). Throws SubjectNotFoundError for the first id that
 * does not exist, before anything is written.
 */
export async function loadEmailRecipients(em: EntityManager, ids: readonly number[]): Promise<EmailRecipient[]> {
  if (ids.length === 0) return [];
  const rows = await em.execute<
    { id: number; email: string | null; campaign_id: number; campaign_name: string; campaign_subject: string; customer_name: string }[]
  >(
    `select r.id, r.email, r.campaign_id, c.name as campaign_name, c.subject as campaign_subject, u.name as customer_name
     from campaign_recipients r
     join email_campaigns c on c.id = r.campaign_id
     join customers u on u.id = r.customer_id
     where r.id in (?)`,
    [[...new Set(ids)]],
  );
  const byId = new Map(
    rows.map((row): [number, EmailRecipient] => [
      row.id,
      {
        id: row.id,
        email: row.email,
        campaignId: row.campaign_id,
        campaignName: row.campaign_name,
        campaignSubject: row.campaign_subject,
        customerName: row.customer_name,
      },
    ]),
  );
  return ids.map((id) => {
    const recipient = byId.get(id);
    if (!recipient) throw new SubjectNotFoundError('CampaignRecipient', id);
    return recipient;
  });
}
