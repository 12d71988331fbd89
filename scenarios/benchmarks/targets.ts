import { formatNumber } from './format-number.js';
import type { Figure, TargetCheck } from './types.js';

/** "ratio to baseline at most `limit`", judged on the median of the paired ratios. */
export function ratioTarget(target: string, figure: Figure, limit: number, likelyReason: string): TargetCheck {
  const ratio = figure.ratio?.median ?? 1;
  const met = ratio <= limit;
  return {
    target,
    met,
    measured: `${formatNumber(ratio)}× (rounds ${formatNumber(figure.ratio?.min ?? ratio)}–${formatNumber(figure.ratio?.max ?? ratio)}×)`,
    ...(met ? {} : { reason: missedRatioReason(figure, limit, likelyReason) }),
  };
}

/** When some rounds met the limit and others did not, the spread says more than any single cause. */
function missedRatioReason(figure: Figure, limit: number, likelyReason: string): string {
  const min = figure.ratio?.min ?? Infinity;
  return min <= limit
    ? `the rounds ranged ${formatNumber(min)}–${formatNumber(figure.ratio!.max)}×, some within the target: the machine's load moves this more than the code does; if it persists on a quiet machine, ${likelyReason}`
    : likelyReason;
}

/** A number that must stay at or below `limit`. */
export function atMostTarget(target: string, value: number, limit: number, unit: string, reasonIfMissed: string): TargetCheck {
  const met = value <= limit;
  return { target, met, measured: `${formatNumber(value)} ${unit}`, ...(met ? {} : { reason: reasonIfMissed }) };
}

/** A number that must reach at least `limit`. */
export function atLeastTarget(target: string, value: number, limit: number, unit: string, reasonIfMissed: string): TargetCheck {
  const met = value >= limit;
  return { target, met, measured: `${formatNumber(value)} ${unit}`, ...(met ? {} : { reason: reasonIfMissed }) };
}
