import { z } from 'zod';
import { CliUsageError } from './errors.js';
import { wholeNumberOption } from './option-schemas.js';
import { parseCommandLine } from './parse-command-line.js';
import type { HelpRequest } from './types.js';

export const WORKER_USAGE = 'npm run worker [-- --concurrency N] [--delay-ms N | --presentation] [--raw]';

export interface WorkerCommand {
  kind: 'worker';
  concurrency: number;
  perItemDelayMs: number;
  /** Effects carry idempotency keys (default): an item redone after a crash does not repeat its effect. */
  idempotencyKeys: boolean;
}


const schema = z.object({
  concurrency: wholeNumberOption('--concurrency', { max: 50 }),
  'delay-ms': wholeNumberOption('--delay-ms', { min: 0, max: 60_000 }),
  presentation: z.boolean().optional(),
  raw: z.boolean().optional(),
});

export function parseWorkerArgs(argv: readonly string[]): WorkerCommand | HelpRequest {
  const options = { concurrency: { type: 'string' }, 'delay-ms': { type: 'string' }, presentation: { type: 'boolean' }, raw: { type: 'boolean' } } as const;
  const parsed = parseCommandLine('worker', WORKER_USAGE, argv, options, schema);
  if (parsed === 'help') {
    return {
      kind: 'help',
      text: [
        `usage: ${WORKER_USAGE}`,
        'A long-running worker for all six demo jobs (both engines). One log line per lifecycle event:',
        'pretty in a terminal, JSON lines otherwise. Ctrl-C or SIGTERM stops it gracefully: running jobs',
        'checkpoint and wait (delayed) for the next worker; it says what was checkpointed.',
        '  --concurrency N  jobs at once (default 2: one per engine)',
        '  --delay-ms N     simulated work per item in ms (default 20)',
        '  --presentation   500 ms per item, as in the plan',
        '  --raw            effects without idempotency keys: after a crash, the items done since the last',
        '                   checkpoint (up to 5 s of work) repeat their effects (default: keys on, a redone',
        '                   item is recorded as replayed and its effect not repeated)',
        'servers: REDIS_URL and DATABASE_URL, else the recorded stack (npm run stack -- up); queue prefix JOBS_PREFIX (default {demo})',
      ].join('\n'),
    };
  }
  if (parsed.presentation && parsed['delay-ms'] !== undefined) throw new CliUsageError('worker: use --presentation or --delay-ms, not both');
  return {
    kind: 'worker',
    concurrency: parsed.concurrency ?? 2,
    perItemDelayMs: parsed.presentation ? 500 : (parsed['delay-ms'] ?? 20),
    idempotencyKeys: !parsed.raw,
  };
}
