/**
 * What each demo job works on. Both engines select exactly these rows in id order, so the two
 * implementations of a job differ only in how they remember where they are.
 */

/** Process orders: pending orders, optionally an id range (concurrent jobs split the orders). */
export interface OrdersArgs {
  fromId?: number;
  toId?: number;
}

export function pendingOrdersWhere(args: OrdersArgs) {
  return { status: 'pending' as const, id: idRange(args.fromId, args.toId) };
}

/** Customer reports: customers, optionally an id range. */
export interface ReportsArgs {
  fromCustomerId?: number;
  toCustomerId?: number;
}

export function customersWhere(args: ReportsArgs) {
  return { id: idRange(args.fromCustomerId, args.toCustomerId) };
}

/** Batch email: one campaign's recipients. */
export interface EmailArgs {
  campaignId: number;
  /** Recipients per batch (the plan: 50). */
  batchSize?: number;
}

export function recipientsWhere(args: EmailArgs) {
  return { campaign: args.campaignId };
}

export const EMAIL_BATCH_SIZE = 50;
export const PAGE_SIZE = 100;

function idRange(from?: number, to?: number) {
  return { $gte: from ?? 0, ...(to === undefined ? {} : { $lte: to }) };
}
