import { UnrecoverableError } from 'bullmq';
import type { ControlFlag, ControlFlags, StoredControlFlag } from './control-flags.js';
import type { ControlFlagPoller, PolledFlag } from './control-flag-poller.js';
import { cursorReached } from './cursor.js';

/**
 * Why a job stopped early. The runtime's own sources use the first four; engines add their own
 * (`isolating`, `max_job_runtime_exceeded`, `throttled`) and users may return any string.
 */
export type InterruptReason =
  | 'shutdown'
  | 'flag'
  | 'time'
  | 'budget'
  | 'lock-lost'
  | 'cancelled'
  | (string & {});

/** Progress the engine reports at each check: items done in this execution and the current cursor. */
export interface Progress {
  items: number;
  cursor?: unknown;
}

/** Per-execution limits that do not come from Redis (worker or job configuration). */
export interface InterruptionLimits {
  /** Interrupt once this execution has run this long. */
  maxRuntimeMs?: number;
  /** Interrupt after exactly this many items in this execution. */
  itemBudget?: number;
}

/** What an Interruption watches: the job's abort signal, its limits, and where its control flag lives. */
export interface InterruptionOptions {
  /** Aborted by the worker: on shutdown (`'closing'`), a cancel, or a lost lock. */
  signal: AbortSignal;
  limits?: InterruptionLimits;
  /** Where this job's control flag lives; omit to ignore flags. */
  flags?: {
    store: Pick<ControlFlags, 'get' | 'clear'>;
    queueName: string;
    jobId: string;
    /** The job's creation time: a flag stamped for another job with this id is stale and ignored. */
    jobTimestamp?: number;
    /** The runtime's shared poller (one MGET per interval for all its jobs); without it, a timer of this job's own. */
    poller?: Pick<ControlFlagPoller, 'watch'>;
  };
  /** How often the control flag is re-read (when no shared poller is given). */
  flagPollMs?: number;
  now?: () => number;
}

/**
 * The one question both engines ask after every item: "should this execution stop, and why?"
 *
 * Four sources answer it: the worker shutting down (the job's AbortSignal), a control flag in
 * Redis, elapsed time and an item budget. `check()` runs per item, so it does no I/O: the flag is
 * read once at `start()` and then on a timer, and compared with the cursor here.
 */
export class Interruption {
  readonly startedAt: number;
  private flag: StoredControlFlag | undefined;
  private flagError: Error | undefined;
  private flagHonoured: ControlFlag | undefined;
  private poller: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private readonly now: () => number;
  /** Items and cursor of the last check (-1: no check yet), kept as fields: a check runs per item and allocates nothing. */
  private lastItems = -1;
  private lastCheckedCursor: unknown;
  private lastCursor_: unknown;

  constructor(private readonly options: InterruptionOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** Reads the control flag before the first item, so a flag set before the run is always seen. */
  async start(): Promise<void> {
    const { flags } = this.options;
    if (!flags) return;
    await this.readFlag();
    if (flags.poller) {
      this.unwatch = flags.poller.watch(flags.queueName, flags.jobId, (polled) => this.applyPolled(polled));
      return;
    }
    this.poller = setInterval(() => void this.readFlag(), this.options.flagPollMs ?? 100);
    this.poller.unref();
  }

  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** The progress given to the last check: what the progress publisher reads on its timer. */
  get lastProgress(): Progress | undefined {
    if (this.lastItems < 0) return undefined;
    return this.lastCheckedCursor === undefined ? { items: this.lastItems } : { items: this.lastItems, cursor: this.lastCheckedCursor };
  }

  /** The last cursor a check saw (a later check without one, e.g. in a step without a cursor, keeps it). */
  get lastCursor(): unknown {
    return this.lastCursor_;
  }

  /**
   * When the job was cancelled (ms since the epoch), or undefined. Engines ask it before the first
   * item and at every check, ahead of every other reason: a cancelled job ends, it does not re-enqueue.
   */
  get cancelledAt(): number | undefined {
    return this.flag?.kind === 'cancel' ? this.flag.at : undefined;
  }

  /** The reason to stop now, or undefined to go on. */
  check(progress: Progress): InterruptReason | undefined {
    return this.checkAt(progress.items, progress.cursor);
  }

  /** `check({ items, cursor })` without the object: what the engines call after every item. */
  checkAt(items: number, cursor?: unknown): InterruptReason | undefined {
    this.lastItems = items;
    this.lastCheckedCursor = cursor;
    if (cursor !== undefined) this.lastCursor_ = cursor;
    if (this.flagError) throw this.flagError;
    if (this.flag?.kind === 'cancel') return 'cancelled';
    const { signal } = this.options;
    if (signal.aborted) return abortReason(signal);
    if (this.flag && this.flagApplies(this.flag, items, cursor)) {
      this.flagHonoured = this.flag;
      return 'flag';
    }
    const { limits } = this.options;
    if (limits === undefined) return undefined;
    if (limits.maxRuntimeMs !== undefined && this.elapsedMs() >= limits.maxRuntimeMs) return 'time';
    if (limits.itemBudget !== undefined && items >= limits.itemBudget) return 'budget';
    return undefined;
  }

  /** True when the worker lost this job's lock: nobody may move the job, the stalled check will. */
  get lockLost(): boolean {
    return this.options.signal.aborted && this.options.signal.reason === 'lock-lost';
  }

  /**
   * Stops polling; deletes the flag it honoured (flags are one-shot), unless it was replaced since.
   * A cancel is not one-shot: the runtime deletes it when the job ends.
   */
  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    this.unwatch?.();
    this.unwatch = undefined;
    const { flags } = this.options;
    if (flags && this.flagHonoured) await flags.store.clear(flags.queueName, flags.jobId, this.flagHonoured);
  }

  private flagApplies(flag: ControlFlag, items: number, cursor: unknown): boolean {
    switch (flag.kind) {
      case 'now':
        return true;
      case 'at-cursor':
        return cursorReached(cursor, flag.cursor);
      case 'after-items':
        return items >= flag.items;
      case 'after-ms':
        return this.elapsedMs() >= flag.ms;
    }
  }

  private async readFlag(): Promise<void> {
    const { flags } = this.options;
    if (!flags) return;
    try {
      this.applyPolled({ flag: await flags.store.get(flags.queueName, flags.jobId) });
    } catch (error) {
      this.applyPolled({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  private applyPolled(polled: PolledFlag): void {
    if ('error' in polled) {
      // A malformed flag (or a key of another type) is loud at the next check; a Redis blip just
      // keeps the last value.
      if (polled.error instanceof UnrecoverableError) this.flagError = polled.error;
      return;
    }
    const { flag } = polled;
    const jobTimestamp = this.options.flags?.jobTimestamp;
    const stale = flag?.job !== undefined && jobTimestamp !== undefined && flag.job !== jobTimestamp;
    this.flag = stale ? undefined : flag;
  }
}

function abortReason(signal: AbortSignal): InterruptReason {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason.length > 0) return reason;
  return 'shutdown';
}
