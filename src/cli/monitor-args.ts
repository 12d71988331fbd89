import { z } from 'zod';
import { parseCommandLine } from './parse-command-line.js';
import type { HelpRequest } from './types.js';

export const MONITOR_USAGE = 'npm run monitor -- [--queue NAME]... [--prefix P] [--interval SECONDS] [--once]';

export interface MonitorCommand {
  kind: 'monitor';
  queues: string[];
  /** Undefined: the operator's prefix (JOBS_PREFIX, default `{demo}`). */
  prefix: string | undefined;
  intervalMs: number;
  once: boolean;
}

const schema = z.object({
  queue: z.array(z.string().regex(/^[\w.-]+$/, { error: (issue) => `--queue takes a queue name (letters, digits, . _ -), got "${String(issue.input)}"` })).optional(),
  prefix: z.string().regex(/^[\w.:{}-]+$/, { error: (issue) => `--prefix takes a BullMQ prefix (letters, digits, . _ - : { }), got "${String(issue.input)}"` }).optional(),
  interval: z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: (issue) => `--interval takes seconds, e.g. --interval 1 or 0.5, got "${String(issue.input)}"` })
    .transform(Number)
    .refine((seconds) => seconds >= 0.1 && seconds <= 60, { error: '--interval must be between 0.1 and 60 seconds' })
    .optional(),
  once: z.boolean().optional(),
});

export function parseMonitorArgs(argv: readonly string[]): MonitorCommand | HelpRequest {
  const options = {
    queue: { type: 'string', multiple: true },
    prefix: { type: 'string' },
    interval: { type: 'string' },
    once: { type: 'boolean' },
  } as const;
  const parsed = parseCommandLine('monitor', MONITOR_USAGE, argv, options, schema);
  if (parsed === 'help') {
    return {
      kind: 'help',
      text: [
        `usage: ${MONITOR_USAGE}`,
        'A live view of the demo jobs: one row per job (engine, progress bar, items done/total from the',
        'ledger, rate, step, cursor, interruptions, age of the last checkpoint), the checkpoint each has',
        'stored, and the queue counts. A terminal gets a dashboard redrawn every interval; a pipe gets',
        'plain lines (a job\'s line again only when it changed).',
        '  --queue     watch this queue (repeatable; default: every queue under the prefix)',
        '  --prefix    BullMQ prefix (default: JOBS_PREFIX, else "{demo}")',
        '  --interval  seconds between refreshes (default 1)',
        '  --once      print one frame and exit',
        'servers: REDIS_URL and DATABASE_URL, else the stack recorded by `npm run stack -- up`',
      ].join('\n'),
    };
  }
  return {
    kind: 'monitor',
    queues: parsed.queue ?? [],
    prefix: parsed.prefix,
    intervalMs: Math.round((parsed.interval ?? 1) * 1000),
    once: parsed.once ?? false,
  };
}
