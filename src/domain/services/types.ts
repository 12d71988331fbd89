import type { Engine, Money } from '../types.js';

/** Services accept an id or anything carrying one (an entity loaded by an enumerator). */
export type SubjectRef = number | { id: number };

export function subjectIdOf(ref: SubjectRef): number {
  return typeof ref === 'number' ? ref : ref.id;
}

export type OrderOutcome =
  | { orderId: number; status: 'processed'; shipping: Money; tax: Money; total: Money }
  | { orderId: number; status: 'failed'; reason: string }
  /** Idempotent mode: this order's effect was already applied by an earlier execution. */
  | { orderId: number; status: 'duplicate' };

export type ReportOutcome =
  | { customerId: number; status: 'written'; reportId: number; summary: CustomerOrderSummary }
  | { customerId: number; status: 'duplicate' };

export interface CustomerOrderSummary {
  orderCount: number;
  totalAmount: Money;
  averageAmount: Money | null;
  processedCount: number;
  failedCount: number;
}

export type EmailOutcome =
  | { recipientId: number; status: 'sent'; deliveryId: number; toEmail: string }
  | { recipientId: number; status: 'skipped'; reason: string }
  | { recipientId: number; status: 'duplicate' }
  /**
   * sendBatch only (send throws SimulatedFailureError instead): the seeded failure picked this
   * recipient, so nothing was sent; ledger 'email.error', key `email:<recipientId>:error:<execution>`.
   */
  | { recipientId: number; status: 'error'; reason: string };

/** A campaign recipient with what personalising, sending and keying its mail needs (one query loads a batch). */
export interface EmailRecipient {
  id: number;
  /** null: cannot be sent, the sender records a skip. */
  email: string | null;
  campaignId: number;
  campaignName: string;
  campaignSubject: string;
  customerName: string;
}

/** What a batch does for one recipient; the ledger kind is `email.<decision>`. */
export type EmailDecision = 'sent' | 'skipped' | 'replayed' | 'error';

/** One email_deliveries row to write. */
export interface EmailDeliveryRow {
  campaignId: number;
  recipientId: number;
  toEmail: string;
  subject: string;
  body: string;
  jobId: string;
  engine: string;
}

/** Which effect is about to happen. */
export interface EffectSpec {
  /** 'order' | 'report' | 'email': seeds the simulated failure and labels the claimed key. */
  family: string;
  subjectId: number;
  idempotencyKey: string;
}

/** What an applied effect reports back: the ledger kind it earned and the service's result. */
export interface AppliedEffect<T> {
  kind: string;
  value: T;
}

/** `applied: false` means idempotent mode found the key already claimed and skipped the effect. */
export type EffectResult<T> = { applied: true; kind: string; value: T } | { applied: false };

export type OrderPricing = { valid: true; shipping: Money; tax: Money; total: Money } | { valid: false; reason: string };

/** The "rendered" mail. */
export interface PersonalisedEmail {
  subject: string;
  body: string;
}

/** What process-order-statement.ts needs to process one order. */
export interface ProcessOrderInput {
  orderId: number;
  idempotencyKey: string;
  jobId: string;
  engine: Engine;
  execution: number;
  /** Claim the key first and replay (no effect, ledger 'order.replayed') when it was claimed before. */
  idempotent: boolean;
}

/** What the statement did: the ledger kind it wrote, with the priced columns when it processed. */
export interface ProcessOrderRow {
  kind: 'order.processed' | 'order.failed' | 'order.replayed';
  failure_reason: string | null;
  shipping: Money | null;
  tax: Money | null;
  total: Money | null;
}
