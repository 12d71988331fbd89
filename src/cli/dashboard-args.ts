import { z } from 'zod';
import { parseCommandLine } from './parse-command-line.js';
import type { HelpRequest } from './types.js';

export const DASHBOARD_USAGE = 'npm run dashboard -- [--port N] [--queue NAME]... [--prefix P] [--allow-writes]';
export const DEFAULT_DASHBOARD_PORT = 3005;

export interface DashboardCommand {
  kind: 'dashboard';
  port: number;
  queues: string[];
  /** Undefined: the operator's prefix (JOBS_PREFIX, default `{demo}`). */
  prefix: string | undefined;
  /** Retry, clean, remove and add from the page; off by default (the board is read-only). */
  allowWrites: boolean;
}

const schema = z.object({
  port: z
    .string()
    .regex(/^\d{1,5}$/, { error: (issue) => `--port takes a port number from 1 to 65535, got "${String(issue.input)}"` })
    .transform(Number)
    .refine((port) => port >= 1 && port <= 65_535, { error: '--port takes a port number from 1 to 65535' })
    .optional(),
  queue: z.array(z.string().regex(/^[\w.-]+$/, { error: (issue) => `--queue takes a queue name (letters, digits, . _ -), got "${String(issue.input)}"` })).optional(),
  prefix: z.string().regex(/^[\w.:{}-]+$/, { error: (issue) => `--prefix takes a BullMQ prefix (letters, digits, . _ - : { }), got "${String(issue.input)}"` }).optional(),
  'allow-writes': z.boolean().optional(),
});

export function parseDashboardArgs(argv: readonly string[]): DashboardCommand | HelpRequest {
  const options = { port: { type: 'string' }, queue: { type: 'string', multiple: true }, prefix: { type: 'string' }, 'allow-writes': { type: 'boolean' } } as const;
  const parsed = parseCommandLine('dashboard', DASHBOARD_USAGE, argv, options, schema);
  if (parsed === 'help') {
    return {
      kind: 'help',
      text: [
        `usage: ${DASHBOARD_USAGE}`,
        'Serves bull-board over the demo queues on 127.0.0.1, for a browser: job states, data, and the',
        'progress both engines publish (items, cursor, step, interruptions). Ctrl-C stops it.',
        'Read-only unless --allow-writes; answers only pages of its own (Host and Origin are checked).',
        `  --port    local port (default ${DEFAULT_DASHBOARD_PORT})`,
        '  --queue   show this queue (repeatable; default: every queue under the prefix, else "jobs")',
        '  --prefix  BullMQ prefix (default: JOBS_PREFIX, else "{demo}")',
        '  --allow-writes  let the page retry, promote, clean, remove and add jobs (default: read-only)',
        'DASHBOARD_USER and DASHBOARD_PASSWORD (both): ask every request for them (basic auth)',
        'servers: REDIS_URL, else the stack recorded by `npm run stack -- up`',
      ].join('\n'),
    };
  }
  return {
    kind: 'dashboard',
    port: parsed.port ?? DEFAULT_DASHBOARD_PORT,
    queues: parsed.queue ?? [],
    prefix: parsed.prefix,
    allowWrites: parsed['allow-writes'] ?? false,
  };
}
