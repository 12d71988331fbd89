import { fromCents, toCents } from '../money.js';
import type { Money } from '../types.js';
import type { OrderPricing } from './types.js';

/** The shop's rules, kept small and obvious: they are the business logic both engines run. */
export const PRICING_RULES = Object.freeze({
  /** Orders strictly above this ship free. */
  freeShippingOverCents: 100_00,
  shippingCents: 7_50,
  /** Tax in basis points (8%). */
  taxBasisPoints: 800,
});

/** Validates an order amount and prices it. Tax is rounded half-up to the cent. */
export function priceOrder(amount: Money | null | undefined): OrderPricing {
  if (amount === null || amount === undefined) return { valid: false, reason: 'amount is missing' };
  const cents = toCents(amount);
  if (cents === 0) return { valid: false, reason: 'amount is zero' };
  if (cents < 0) return { valid: false, reason: `amount is negative (${fromCents(cents)})` };

  const shipping = cents > PRICING_RULES.freeShippingOverCents ? 0 : PRICING_RULES.shippingCents;
  const tax = Math.floor((cents * PRICING_RULES.taxBasisPoints + 5_000) / 10_000);
  return { valid: true, shipping: fromCents(shipping), tax: fromCents(tax), total: fromCents(cents + shipping + tax) };
}
