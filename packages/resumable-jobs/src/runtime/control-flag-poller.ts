import type { ControlFlags, StoredControlFlag } from './control-flags.js';
import { parseControlFlag } from './control-flags.js';
import type { RedisConnection } from './redis-connection.js';

/** What one poll found for one job: its flag (undefined: none), or why it could not be read. */
export type PolledFlag = { flag: StoredControlFlag | undefined } | { error: Error };


/**
 * One timer and one `MGET` per interval for every running job of a runtime, instead of one timer and
 * one `GET` per job: with many jobs at once, flag polling costs a worker ten Redis calls a second, not
 * ten per job. All keys of a runtime share its prefix, so with a hash-tag prefix (`{app}`, which BullMQ
 * needs on a Redis Cluster anyway) they share a slot and one MGET may read them all.
 *
 * MGET answers nil for a key of another type where GET fails: the read at a job's start (a GET, see
 * Interruption.start) is what reports such a key; a key turned into another type mid-run reads as no flag.
 */
export class ControlFlagPoller {
  private readonly listeners = new Map<string, Set<(polled: PolledFlag) => void>>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly flags: Pick<ControlFlags, 'key'>,
    private readonly intervalMs: number,
  ) {}

  /** Calls `listener` with the job's flag at every poll until the returned function is called. */
  watch(queueName: string, jobId: string, listener: (polled: PolledFlag) => void): () => void {
    const key = this.flags.key(queueName, jobId);
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Stops the timer (the runtime closes it; watching again starts it again). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    // A slow reply skips a tick rather than piling reads up.
    if (this.polling || this.listeners.size === 0) return;
    this.polling = true;
    const keys = [...this.listeners.keys()];
    try {
      const values = await this.redis.mget(...keys);
      keys.forEach((key, i) => this.deliver(key, () => ({ flag: parseControlFlag(key, values[i] ?? null) })));
    } catch (error) {
      const failed = error instanceof Error ? error : new Error(String(error));
      for (const key of keys) this.deliver(key, () => ({ error: failed }));
    } finally {
      this.polling = false;
    }
  }

  private deliver(key: string, read: () => PolledFlag): void {
    const set = this.listeners.get(key);
    if (!set) return; // the job ended while the poll was in flight
    let polled: PolledFlag;
    try {
      polled = read();
    } catch (error) {
      polled = { error: error instanceof Error ? error : new Error(String(error)) };
    }
    for (const listener of set) listener(polled);
  }
}
