import { pairedRatios, spreadOf } from './spread.js';
import type { Figure } from './types.js';

export interface Variant {
  label: string;
  /** Runs the variant once and returns its measurement. */
  run: () => Promise<number>;
}

export type Samples = Map<string, number[]>;

/**
 * Runs every variant once per round, reversing the order every other round (A B C, C B A, …): on a
 * shared machine the background load drifts, and alternating spreads the drift over all variants,
 * so the ratios between them (what the report is about) stay fair. Round i of every variant is
 * paired with round i of the baseline when ratios are taken.
 */
export async function interleavedRounds(variants: Variant[], rounds: number, progress: (line: string) => void): Promise<Samples> {
  const samples: Samples = new Map(variants.map((variant) => [variant.label, []]));
  for (let round = 0; round < rounds; round++) {
    const ordered = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of ordered) {
      const value = await variant.run();
      samples.get(variant.label)!.push(value);
      progress(`round ${round + 1}/${rounds}: ${variant.label}: ${value.toFixed(1)}`);
    }
  }
  return samples;
}

/** One figure per variant, each with its paired ratio to `baseline` (the baseline's own ratio is left out). */
export function figuresAgainst(samples: Samples, baseline: string, unit: string, scale: (label: string, value: number) => number = (_, v) => v): Figure[] {
  const base = samples.get(baseline)!.map((value) => scale(baseline, value));
  return [...samples].map(([label, values]) => {
    const scaled = values.map((value) => scale(label, value));
    return label === baseline
      ? { label, unit, value: spreadOf(scaled) }
      : { label, unit, value: spreadOf(scaled), baseline, ratio: spreadOf(pairedRatios(scaled, base)) };
  });
}
