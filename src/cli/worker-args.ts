import { z } from 'zod';
import { CliUsageError } from './errors.js';
import { parseCommandLine } from './parse-command-line.js';
import type { HelpRequest } from './types.js';

export const WORKER_USAGE = 'npm run worker [-- --concurrency N] [--delay-ms N | --presentation]';

export interface WorkerCommand {
  kind: 'worker';
  concurrency: number;
  perItemDelayMs: number;
}

const wholeNumber = (flag: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, { error: (issue) => `${flag} must be a whole number, got "${String(issue.input)}"` })
    .transform(Number)
    .refine((n) => n <= max, { error: `${flag} must be at most ${max}` })
    .optional();

const schema = z.object({ concurrency: wholeNumber('--concurrency', 50), 'delay-ms': wholeNumber('--delay-ms', 60_000), presentation: z.boolean().optional() });

export function parseWorkerArgs(argv: readonly string[]): WorkerCommand | HelpRequest {
  const options = { concurrency: { type: 'string' }, 'delay-ms': { type: 'string' }, presentation: { type: 'boolean' } } as const;
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
        'servers: REDIS_URL and DATABASE_URL, else the recorded stack (npm run stack -- up); queue prefix JOBS_PREFIX (default demo)',
      ].join('\n'),
    };
  }
  if (parsed.presentation && parsed['delay-ms'] !== undefined) throw new CliUsageError('worker: use --presentation or --delay-ms, not both');
  if (parsed.concurrency === 0) throw new CliUsageError('worker: --concurrency must be at least 1');
  return { kind: 'worker', concurrency: parsed.concurrency ?? 2, perItemDelayMs: parsed.presentation ? 500 : (parsed['delay-ms'] ?? 20) };
}
