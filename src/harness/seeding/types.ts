import type { Money } from '../../domain/types.js';

/** A customer row before insertion (no id yet). */
export interface CustomerRow {
  name: string;
  email: string | null;
  createdAt: Date;
}

/** A customer after insertion: what campaign seeding needs to address recipients. */
export interface SeededCustomer {
  id: number;
  email: string | null;
}

export interface SeededOrders {
  customerIds: number[];
  orderIds: number[];
  /** The orders seeded with an invalid amount, which the processor will mark failed. */
  edgeOrderIds: { zeroAmount: number[]; negativeAmount: number[]; nullAmount: number[] };
}

export interface SeededCustomersWithOrders {
  customerIds: number[];
  orderIds: number[];
  /** Orders per customer id, in insertion order. */
  orderIdsByCustomer: Map<number, number[]>;
}

export interface SeededCampaign {
  campaignId: number;
  recipientIds: number[];
  /** Recipients seeded with a null email, which the sender skips. */
  nullEmailRecipientIds: number[];
  /** The customers the recipients belong to (created here unless passed in). */
  customerIds: number[];
}

export interface SeedCampaignOptions {
  /** Draw recipients from these existing customers (cycling); default: create its own. */
  customerIds?: readonly number[];
  name?: string;
}

/** Table counts after seeding, for the CLI and the setup checklist. */
export interface DomainCounts {
  customers: number;
  orders: number;
  pendingOrders: number;
  campaigns: number;
  recipients: number;
}

export interface ProfileSeedResult {
  profile: string;
  seed: number;
  pendingOrders?: SeededOrders;
  customersWithOrders?: SeededCustomersWithOrders;
  campaigns: SeededCampaign[];
  counts: DomainCounts;
  elapsedMs: number;
}

export type OrderSeedStatus = 'pending' | 'processed' | 'failed';

export interface OrderRow {
  customer: number;
  status: OrderSeedStatus;
  amount: Money | null;
  shipping: Money | null;
  tax: Money | null;
  total: Money | null;
  processedAt: Date | null;
  failureReason: string | null;
  createdAt: Date;
}

export interface SeedPendingOrdersOptions {
  /** Customers to create for the orders (round-robin); default one per five orders. */
  customers?: number;
}
