import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import { redactSecrets } from './redact.js';

export type { Logger } from 'pino';

/**
 * The one logger of the runtime, worker processes and CLIs: pino, on stderr (stdout stays the
 * command's output). A terminal gets pino-pretty's readable lines, anything else one JSON object a
 * line. LOG_LEVEL sets the level (default info). Every string that reaches it passes redactSecrets,
 * and errors are logged as name + message only: their other fields may carry a command's arguments
 * (a Redis AUTH reply echoes the password).
 */
export const logger: Logger = pino(
  {
    name: 'resumable-jobs',
    level: process.env.LOG_LEVEL ?? 'info',
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method) {
        const safe = args.map((arg: unknown) => (typeof arg === 'string' ? redactSecrets(arg) : arg));
        method.apply(this, safe as Parameters<typeof method>);
      },
    },
    formatters: {
      log: (object) => redactFields(object) as Record<string, unknown>,
    },
  },
  destination(),
);

/** A logger whose lines say which part of the system wrote them. */
export function loggerFor(component: string, fields: Record<string, unknown> = {}): Logger {
  return logger.child({ component, ...fields });
}

/** An error as a log field: its type, its message with secrets redacted, and its code if it has one. */
export function serializeError(error: unknown): { type: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: redactSecrets(String(error)) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: redactSecrets(error.message), ...(typeof code === 'string' ? { code } : {}) };
}

function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value);
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactFields(item, depth + 1)]));
}

function destination(): DestinationStream {
  if (process.stderr.isTTY && process.env.LOG_FORMAT !== 'json') {
    try {
      const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
      return pretty({ destination: 2, sync: true, ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss.l' });
    } catch {
      // pino-pretty not installed: JSON lines are still correct, only less pleasant to read.
    }
  }
  return pino.destination({ dest: 2, sync: true });
}
