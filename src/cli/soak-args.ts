import { z } from 'zod';
import { wholeNumberOption } from './option-schemas.js';
import { parseCommandLine } from './parse-command-line.js';

export const SOAK_USAGE = 'npm run soak -- [--seed N] [--interruptions N] [--minutes M] [--workers N] [--concurrency N] [--raw]';

export interface SoakCommand {
  kind: 'soak';
  seed: number;
  interruptions: number;
  minutes: number;
  workers: number;
  concurrency: number;
  /** Effects without idempotency keys: duplicates are then bounded by the work done after the last durable checkpoint. */
  raw: boolean;
}

const soakSchema = z.object({
  seed: wholeNumberOption('--seed', { min: 0, max: 999_999_999 }),
  interruptions: wholeNumberOption('--interruptions', { max: 10_000 }),
  minutes: z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: (issue) => `--minutes must be a number of minutes like 5 or 0.5, got "${String(issue.input)}"` })
    .transform(Number)
    .refine((n) => n > 0 && n <= 24 * 60, { error: '--minutes must be more than 0 and at most 1440' })
    .optional(),
  workers: wholeNumberOption('--workers', { max: 32 }),
  concurrency: wholeNumberOption('--concurrency', { max: 32 }),
  raw: z.boolean().optional(),
});

export function parseSoakArgs(argv: readonly string[], randomSeed: () => number): SoakCommand | { kind: 'help'; text: string } {
  const options = {
    seed: { type: 'string' },
    interruptions: { type: 'string' },
    minutes: { type: 'string' },
    workers: { type: 'string' },
    concurrency: { type: 'string' },
    raw: { type: 'boolean' },
  } as const;
  const parsed = parseCommandLine('soak', SOAK_USAGE, argv, options, soakSchema);
  if (parsed === 'help') {
    return {
      kind: 'help',
      text: [
        `usage: ${SOAK_USAGE}`,
        'Runs the three demo jobs on both engines on a pool of worker processes while a seeded schedule',
        'SIGTERMs and SIGKILLs workers and kills Redis and Postgres connections, then audits the ledger.',
        '  --seed           replay a run (default: a new random seed, printed)',
        '  --interruptions  SIGTERMs plus SIGKILLs (default 60); a third as many of each connection fault join them',
        '  --minutes        length of the chaos window (default 5); the jobs then run to the end',
        '  --workers        worker processes (default 3)',
        '  --concurrency    jobs per worker process (default 2)',
        '  --raw            effects without idempotency keys (as npm run worker -- --raw): duplicates must stay',
        '                   within the work each run did after its last durable checkpoint, sampled from Redis',
        '                   every 200 ms (default: keys, 0 duplicates)',
        'servers: REDIS_URL and DATABASE_URL if set, else the test stack (Docker, or local redis-server and',
        'PostgreSQL; STACK_REDIS=cluster for a local Redis Cluster). Writes reports/soak.md and soak.json (raw: soak-raw.*).',
      ].join('\n'),
    };
  }
  return {
    kind: 'soak',
    seed: parsed.seed ?? randomSeed(),
    interruptions: parsed.interruptions ?? 60,
    minutes: parsed.minutes ?? 5,
    workers: parsed.workers ?? 3,
    concurrency: parsed.concurrency ?? 2,
    raw: parsed.raw ?? false,
  };
}
