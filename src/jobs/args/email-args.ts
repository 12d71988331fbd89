import { z } from 'zod';
import type { EmailArgs } from '../shared/scopes.js';
import { rowId } from './id.js';

/** Batch email: the campaign, and recipients per batch (1 to 1,000; 0 would send nothing and still mark it sent). */
export const emailArgsSchema = z.strictObject({
  campaignId: rowId,
  batchSize: z.number().int().min(1).max(1_000).optional(),
}) satisfies z.ZodType<EmailArgs>;
