import { z } from 'zod';
import type { OrdersArgs } from '../shared/scopes.js';
import { orderedRange, rowId } from './id.js';

/** Process orders: an optional id range of pending orders; unknown fields (`limit`) are refused. */
export const ordersArgsSchema = z
  .strictObject({ fromId: rowId.optional(), toId: rowId.optional() })
  .superRefine(orderedRange<OrdersArgs & Record<string, unknown>>('fromId', 'toId')) satisfies z.ZodType<OrdersArgs>;
