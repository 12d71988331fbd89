import { describe, expect, it } from 'vitest';
import { priceOrder } from './order-pricing.js';

describe('the order pricing rules', () => {
  it('charges 7.50 shipping up to 100.00 and 8% tax rounded half-up', () => {
    expect(priceOrder('50.00')).toEqual({ valid: true, shipping: '7.50', tax: '4.00', total: '61.50' });
    expect(priceOrder('100.00')).toEqual({ valid: true, shipping: '7.50', tax: '8.00', total: '115.50' });
    // 8% of 10.06 is 0.8048 -> 0.80; of 10.07 is 0.8056 -> 0.81
    expect(priceOrder('10.06')).toMatchObject({ tax: '0.80' });
    expect(priceOrder('10.07')).toMatchObject({ tax: '0.81' });
  });

  it('ships free strictly over 100.00', () => {
    expect(priceOrder('100.01')).toEqual({ valid: true, shipping: '0.00', tax: '8.00', total: '108.01' });
  });

  it('rejects missing, zero and negative amounts with a reason', () => {
    expect(priceOrder(null)).toEqual({ valid: false, reason: 'amount is missing' });
    expect(priceOrder('0.00')).toEqual({ valid: false, reason: 'amount is zero' });
    expect(priceOrder('-12.50')).toEqual({ valid: false, reason: 'amount is negative (-12.50)' });
  });
});
