import { describe, expect, it } from 'vitest';
import { InvalidMoneyError } from './errors.js';
import { fromCents, normaliseMoney, toCents } from './money.js';

describe('money as decimal strings', () => {
  it('reads the forms Postgres returns into exact cents', () => {
    expect(toCents('12.50')).toBe(1250);
    expect(toCents('-12.50')).toBe(-1250);
    expect(toCents('0.00')).toBe(0);
    expect(toCents('7.5')).toBe(750);
    expect(toCents('100')).toBe(10000);
    expect(toCents('0.07')).toBe(7);
  });

  it('writes cents back with two decimals', () => {
    expect(fromCents(1250)).toBe('12.50');
    expect(fromCents(-5)).toBe('-0.05');
    expect(fromCents(0)).toBe('0.00');
    expect(normaliseMoney('7.5')).toBe('7.50');
  });

  it('refuses what is not money, saying what it expects', () => {
    expect(() => toCents('12.345')).toThrow(InvalidMoneyError);
    expect(() => toCents('abc')).toThrow(/decimal string with at most two places/);
    expect(() => fromCents(0.5)).toThrow(InvalidMoneyError);
  });
});
