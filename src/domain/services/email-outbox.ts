import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmailDeliveryRow } from './types.js';

/** Writes the outbox rows in one statement; returns their ids, in the order of `deliveries`. */
export async function insertEmailDeliveries(em: EntityManager, deliveries: readonly EmailDeliveryRow[]): Promise<number[]> {
  if (deliveries.length === 0) return [];
  const rows = await em.execute<{ id: number; recipient_id: number }[]>(
    `insert into email_deliveries (campaign_id, recipient_id, to_email, subject, body, job_id, engine)
     values ${deliveries.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
     returning id, recipient_id`,
    deliveries.flatMap((d) => [d.campaignId, d.recipientId, d.toEmail, d.subject, d.body, d.jobId, d.engine]),
  );
  // Matched back by recipient, ids ascending (rows are numbered in VALUES order), without relying
  // on the order RETURNING lists them in: a recipient may be in one batch twice in raw mode.
  const idsPerRecipient = new Map<number, number[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    idsPerRecipient.set(row.recipient_id, [...(idsPerRecipient.get(row.recipient_id) ?? []), row.id]);
  }
  return deliveries.map((d) => idsPerRecipient.get(d.recipientId)!.shift()!);
}

/**
 * Adds the emails just sent to their campaigns' sent_count (a draft campaign becomes 'sending'),
 * in one statement. Computed by Postgres, never read-modify-write: concurrent senders of one
 * campaign cannot lose a count.
 */
export async function countSentEmails(em: EntityManager, sentPerCampaign: ReadonlyMap<number, number>): Promise<void> {
  if (sentPerCampaign.size === 0) return;
  const entries = [...sentPerCampaign].sort(([a], [b]) => a - b);
  await em.execute(
    `update email_campaigns c set sent_count = c.sent_count + v.sent,
       status = case when c.status = 'draft' then 'sending' else c.status end
     from (values ${entries.map(() => '(?::int, ?::int)').join(', ')}) as v(id, sent)
     where c.id = v.id`,
    entries.flat(),
    'run',
  );
}
