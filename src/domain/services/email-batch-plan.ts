import type { EmailDecision, EmailRecipient } from './types.js';

/** The key that makes a campaign email happen once: `email:<campaignId>:<recipientId>`. */
export function emailKey(recipient: Pick<EmailRecipient, 'id' | 'campaignId'>): string {
  return `email:${recipient.campaignId}:${recipient.id}`;
}

/** The ledger key of a simulated failure, as the jobs have always recorded it. */
export function emailErrorKey(recipientId: number, execution: number): string {
  return `email:${recipientId}:error:${execution}`;
}

/**
 * Decides each recipient of a batch, in order, as the same recipients sent one by one would have
 * been: a seeded failure is an error (and claims nothing); in idempotent mode (`claimedKeys` given)
 * only the first occurrence of a key this batch claimed may apply its effect, any other attempt is
 * replayed; an applied effect is a skip without an email, a send with one.
 */
export function decideEmails(
  recipients: readonly EmailRecipient[],
  failed: readonly boolean[],
  claimedKeys: ReadonlySet<string> | undefined,
): EmailDecision[] {
  const applied = new Set<string>();
  return recipients.map((recipient, i) => {
    if (failed[i]) return 'error';
    if (claimedKeys) {
      const key = emailKey(recipient);
      if (!claimedKeys.has(key) || applied.has(key)) return 'replayed';
      applied.add(key);
    }
    return recipient.email === null ? 'skipped' : 'sent';
  });
}
