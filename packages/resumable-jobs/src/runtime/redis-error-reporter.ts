import type { Logger } from 'pino';
import { redactSecrets } from './redact.js';

/** Redis refused the credentials: retrying cannot help, the configuration must change. */
export function isRedisAuthError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\b(WRONGPASS|NOAUTH)\b|invalid password|AUTH failed/i.test(message);
}

/** Where a RedisErrorReporter writes, how often it repeats a message, and whom it tells of refused credentials. */
export interface RedisErrorReporterOptions {
  logger: Logger;
  /** The same message is logged at most once per window; repeats are counted into the next line. */
  windowMs?: number;
  /** Called once for the first credentials error (a worker process exits on it). */
  onAuthFailure?: (error: Error) => void;
  now?: () => number;
}

/**
 * The 'error' listener of every BullMQ Queue, Worker and QueueEvents the runtime opens. Without one
 * BullMQ falls back to console.error with the whole error object (an AUTH reply carries the
 * password); with one, an outage gives one redacted line per kind of error per window, not dozens.
 */
export class RedisErrorReporter {
  private readonly lastLogged = new Map<string, { at: number; suppressed: number }>();
  private authReported = false;
  private readonly authHandlers: ((error: Error) => void)[] = [];
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly options: RedisErrorReporterOptions) {
    this.windowMs = options.windowMs ?? 10_000;
    this.now = options.now ?? Date.now;
    if (options.onAuthFailure) this.authHandlers.push(options.onAuthFailure);
  }

  /** Also call `handler` (once) when Redis refuses the credentials. */
  onAuthFailure(handler: (error: Error) => void): void {
    this.authHandlers.push(handler);
  }

  /** A listener for `emitter.on('error', …)`, naming what emitted it. */
  listener(source: string): (error: Error) => void {
    return (error) => this.report(source, error);
  }

  report(source: string, error: Error): void {
    if (isRedisAuthError(error)) {
      if (this.authReported) return;
      this.authReported = true;
      this.options.logger.error({ source }, `${source}: Redis refused the credentials (${firstWord(error.message)}); fix the password in REDIS_URL`);
      for (const handler of this.authHandlers) handler(error);
      return;
    }
    const message = redactSecrets(error.message.split('\n')[0] ?? '');
    const kind = `${source}|${normalise(message)}`;
    const seen = this.lastLogged.get(kind);
    const now = this.now();
    if (seen && now - seen.at < this.windowMs) {
      seen.suppressed += 1;
      return;
    }
    const repeats = seen?.suppressed ? ` (and ${seen.suppressed} more like it in the last ${Math.round((now - seen.at) / 1000)} s)` : '';
    this.lastLogged.set(kind, { at: now, suppressed: 0 });
    this.options.logger.warn({ source, errorName: error.name }, `${source}: ${message}${repeats}`);
  }
}

const firstWord = (message: string) => /\b(WRONGPASS|NOAUTH)\b/.exec(message)?.[1] ?? 'AUTH failed';

// Addresses and counters vary between repeats of the same failure (ECONNREFUSED 127.0.0.1:6379).
const normalise = (message: string) => message.replace(/\d+/g, '#');
