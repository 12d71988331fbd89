import { z } from 'zod';
import { SEED_PROFILE_NAMES } from '../../fixtures/seed-profiles.js';

// Option values the operator commands share, each with the one-line message that says what to type.

/**
 * A whole number from `min` (default 1: a count, a position or a size of 0 makes no sense; a seed
 * passes min 0) to `max`. Past-the-end checks that need the job's size are the command's own.
 */
export const wholeNumberOption = (flag: string, { min = 1, max }: { min?: number; max?: number } = {}) => {
  const range = max === undefined ? `from ${min} up` : `from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: (issue) => `${flag} must be a whole number ${range}, got "${String(issue.input)}"` })
    .transform(Number)
    .refine((n) => n >= min && n <= (max ?? Infinity), { error: (issue) => `${flag} must be a whole number ${range}, got "${String(issue.input)}"` })
    .optional();
};

export const secondsOption = (flag: string) =>
  z
    .string()
    .regex(/^\d{1,4}(\.\d{1,3})?$/, { error: (issue) => `${flag} must be a number of seconds such as 2 or 0.5, got "${String(issue.input)}"` })
    .transform(Number)
    .refine((seconds) => seconds > 0, { error: `${flag} must be more than 0 seconds, such as 2 or 0.5` })
    .optional();

export const profileOption = () =>
  z.enum(SEED_PROFILE_NAMES, { error: (issue) => `unknown profile "${String(issue.input)}"; use --profile ${SEED_PROFILE_NAMES.join('|')}` }).optional();
