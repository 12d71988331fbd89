import { InvalidMoneyError } from './errors.js';
import type { Money } from './types.js';

/*
 * Money is a decimal string end to end ("12.50"): that is what pg returns for numeric(12,2), it
 * never loses a cent, and it prints as stored. Arithmetic happens in integer cents, here.
 */

const MONEY_PATTERN = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

export function toCents(value: Money): number {
  const match = MONEY_PATTERN.exec(value.trim());
  if (!match) throw new InvalidMoneyError(value);
  const [, minus, whole = '0', fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return minus ? -cents : cents;
}

export function fromCents(cents: number): Money {
  if (!Number.isSafeInteger(cents)) throw new InvalidMoneyError(String(cents));
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Normalises any accepted form ("7.5", "0") to two decimals ("7.50", "0.00"). */
export function normaliseMoney(value: Money): Money {
  return fromCents(toCents(value));
}
