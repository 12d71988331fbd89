import { SimulatedFailureError } from '../errors.js';
import type { ProcessingSettings } from '../types.js';

/**
 * FNV-1a, 32 bit, then murmur3's finaliser: tiny and stable across Node versions. The finaliser is
 * needed because plain FNV-1a barely moves its high bits when only the last character changes
 * (execution 1 vs 2), which would make a retry fail at almost the same items.
 */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * A reproducible coin flip per (seed, kind, subject, execution). The execution is part of it on
 * purpose: if the same item failed on every run, a job with a failure rate could never finish;
 * this way a retry (a new execution) re-rolls, yet the same run always fails at the same items.
 */
export function isSimulatedFailure(
  settings: Pick<ProcessingSettings, 'failureRate' | 'failureSeed'>,
  kind: string,
  subjectId: number,
  execution: number,
): boolean {
  if (settings.failureRate <= 0) return false;
  const roll = hash32(`${settings.failureSeed}:${kind}:${subjectId}:${execution}`) / 0x1_0000_0000;
  return roll < settings.failureRate;
}

export function throwIfSimulatedFailure(
  settings: Pick<ProcessingSettings, 'failureRate' | 'failureSeed'>,
  kind: string,
  subjectId: number,
  execution: number,
): void {
  if (isSimulatedFailure(settings, kind, subjectId, execution)) {
    throw new SimulatedFailureError(kind, subjectId, execution);
  }
}
