import type { Money } from '../types.js';

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
  | { recipientId: number; status: 'duplicate' };

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
