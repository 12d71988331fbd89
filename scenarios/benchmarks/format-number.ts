/** Three significant digits, thousands separated: 0.0123, 1.23, 123, 12,300. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const fractionDigits = Math.max(0, Math.min(6, 2 - magnitude));
  return value.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

/** A finding's value with its unit: "1.02×", "35.1 ns/call". */
export function formatWithUnit(value: number, unit: string): string {
  return unit === '×' ? `${formatNumber(value)}×` : `${formatNumber(value)} ${unit}`;
}
