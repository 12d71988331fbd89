import { z } from 'zod';
import type { ReportsArgs } from '../shared/scopes.js';
import { orderedRange, rowId } from './id.js';

/** Customer reports: an optional customer id range. */
export const reportsArgsSchema = z
  .strictObject({ fromCustomerId: rowId.optional(), toCustomerId: rowId.optional() })
  .superRefine(orderedRange<ReportsArgs & Record<string, unknown>>('fromCustomerId', 'toCustomerId')) satisfies z.ZodType<ReportsArgs>;
