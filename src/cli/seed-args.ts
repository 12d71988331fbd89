import { z } from 'zod';
import { dataSettings } from '../../fixtures/data-settings.js';
import { SEED_PROFILE_NAMES } from '../../fixtures/seed-profiles.js';
import { wholeNumberOption } from './option-schemas.js';
import { parseCommandLine } from './parse-command-line.js';
import type { HelpRequest, SeedCommand, SetupCommand } from './types.js';

const PROFILES = SEED_PROFILE_NAMES.join('|');
export const SEED_USAGE = `npm run seed -- --profile ${PROFILES} [--seed N] [--reset] [--with-interrupted]`;
export const SETUP_USAGE = 'npm run setup [-- --seed N] [--reset]';

const seedNumber = wholeNumberOption('--seed', { min: 0, max: 999_999_999 });

const seedSchema = z.object({
  profile: z.enum(SEED_PROFILE_NAMES, {
    error: (issue) =>
      issue.input === undefined
        ? `missing --profile; use --profile ${PROFILES}`
        : `unknown profile "${String(issue.input)}"; use --profile ${PROFILES}`,
  }),
  seed: seedNumber,
  reset: z.boolean().optional(),
  'with-interrupted': z.boolean().optional(),
});

const setupSchema = z.object({ seed: seedNumber, reset: z.boolean().optional() });

export function parseSeedArgs(argv: readonly string[]): SeedCommand | HelpRequest {
  const options = { profile: { type: 'string' }, seed: { type: 'string' }, reset: { type: 'boolean' }, 'with-interrupted': { type: 'boolean' } } as const;
  const parsed = parseCommandLine('seed', SEED_USAGE, argv, options, seedSchema);
  if (parsed === 'help') {
    return {
      kind: 'help',
      text: [
        `usage: ${SEED_USAGE}`,
        '  --profile  quick (small), full (large), demo (the three demo jobs)',
        `  --seed     data seed, same seed same data (default ${dataSettings.defaultSeed})`,
        '  --reset    empty every domain table first (otherwise the data is added)',
        '  --with-interrupted  also leave one orders job per engine stopped 30% in, with a real stored',
        '             continuation and iteration hash (npm run jobs -- checkpoint|resume <id>); needs Redis too',
        'servers: DATABASE_URL, else the stack recorded by `npm run stack -- up`',
      ].join('\n'),
    };
  }
  return {
    kind: 'seed',
    profile: parsed.profile,
    seed: parsed.seed ?? dataSettings.defaultSeed,
    reset: parsed.reset ?? false,
    ...(parsed['with-interrupted'] ? { withInterrupted: true } : {}),
  };
}

export function parseSetupArgs(argv: readonly string[]): SetupCommand | HelpRequest {
  const options = { seed: { type: 'string' }, reset: { type: 'boolean' } } as const;
  const parsed = parseCommandLine('setup', SETUP_USAGE, argv, options, setupSchema);
  if (parsed === 'help') {
    return {
      kind: 'help',
      text: [
        `usage: ${SETUP_USAGE}`,
        'Prepares the schema, seeds the demo profile if the database is empty, and checks Redis.',
        `  --seed     data seed for the demo profile (default ${dataSettings.defaultSeed})`,
        '  --reset    empty every domain table and reseed the demo profile',
        'servers: REDIS_URL and DATABASE_URL, else the stack recorded by `npm run stack -- up`',
      ].join('\n'),
    };
  }
  return { kind: 'setup', seed: parsed.seed ?? dataSettings.defaultSeed, reset: parsed.reset ?? false };
}
