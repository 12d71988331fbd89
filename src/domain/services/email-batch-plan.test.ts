import { describe, expect, it } from 'vitest';
import { decideEmails, emailErrorKey, emailKey } from './email-batch-plan.js';
import type { EmailRecipient } from './types.js';

const recipient = (id: number, email: string | null = `r${id}@example.com`): EmailRecipient => ({
  id,
  email,
  campaignId: 7,
  campaignName: 'Spring sale',
  campaignSubject: 'Hello',
  customerName: `R${id}`,
});

describe('deciding a batch of emails', () => {
  it('keys a send by campaign and recipient, an error by recipient and execution', () => {
    expect(emailKey(recipient(3))).toBe('email:7:3');
    expect(emailErrorKey(3, 2)).toBe('email:3:error:2');
  });

  it('in raw mode sends every attempt, skips the ones without email, and errs the seeded failures', () => {
    const batch = [recipient(1), recipient(2, null), recipient(3), recipient(1)];
    expect(decideEmails(batch, [false, false, true, false], undefined)).toEqual(['sent', 'skipped', 'error', 'sent']);
  });

  it('in idempotent mode applies only the first attempt of a key this batch claimed', () => {
    const batch = [recipient(1), recipient(2, null), recipient(1), recipient(3), recipient(4)];
    const claimed = new Set(['email:7:1', 'email:7:2', 'email:7:4']);
    expect(decideEmails(batch, [false, false, false, false, true], claimed)).toEqual([
      'sent',
      'skipped',
      'replayed',
      'replayed',
      'error',
    ]);
  });
});
