import { z } from 'zod';
import { SEED_PROFILE_NAMES } from '../../fixtures/seed-profiles.js';

// Option values the operator commands share, each with the one-line message that says what to type.

export const wholeNumberOption = (flag: string) =>
  z.string().regex(/^\d{1,9}$/, { error: (issue) => `${flag} must be a whole number, got "${String(issue.input)}"` }).transform(Number).optional();

export const secondsOption = (flag: string) =>
  z
    .string()
    .regex(/^\d{1,4}(\.\d{1,3})?$/, { error: (issue) => `${flag} must be a number of seconds such as 2 or 0.5, got "${String(issue.input)}"` })
    .transform(Number)
    .optional();

export const profileOption = () =>
  z.enum(SEED_PROFILE_NAMES, { error: (issue) => `unknown profile "${String(issue.input)}"; use --profile ${SEED_PROFILE_NAMES.join('|')}` }).optional();
