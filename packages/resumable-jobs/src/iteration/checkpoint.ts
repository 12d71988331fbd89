import type { Cursor } from '../runtime/cursor.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { CheckpointState } from './types.js';

/** The counters an execution adds to. */
type Counter = 'interruptions' | 'failures' | 'throttles';

/**
 * One execution's side of the checkpoint hash: what it began from, the cursor of the last completed
 * item (the one copy of it), the counters, and when to write them: every `flushIntervalMs` at an
 * item boundary, and whenever the execution stops (the execution decides that).
 */
export class Checkpoint {
  readonly startedAt = Date.now();
  private current: CheckpointState | undefined;
  private before: CheckpointState | undefined;
  /** The cursor the hash holds: what the last acknowledged write (or an earlier execution) stored. */
  private written: Cursor | undefined;
  private baseRuntimeMs = 0;
  private lastFlushAt = this.startedAt;
  /** An item completed since the last write: an interval with none has nothing to write. */
  private unwritten = false;

  constructor(
    private readonly store: CheckpointStore,
    private readonly flushIntervalMs: number,
  ) {}

  /** Reads the hash and counts this execution in it (see CheckpointStore.begin). */
  async begin(): Promise<void> {
    const { previous, state } = await this.store.begin();
    this.before = previous;
    this.current = state;
    this.written = previous?.cursor;
    this.baseRuntimeMs = state.runtimeMs;
  }

  /** The hash as this execution holds it: undefined until begin() has read it. */
  get state(): Readonly<CheckpointState> | undefined {
    return this.current;
  }

  /** What earlier executions left (undefined on a job's first execution). */
  get previous(): Readonly<CheckpointState> | undefined {
    return this.before;
  }

  /** This execution's number (0 before begin()). */
  get execution(): number {
    return this.current?.executions ?? 0;
  }

  /** Cursor of the last completed item, this execution's or the stored one; undefined before any. */
  get cursor(): Cursor | undefined {
    return this.current?.cursor;
  }

  /** The cursor stored in Redis: where a resume would start after, were this execution to end now. */
  get storedCursor(): Cursor | undefined {
    return this.written;
  }

  /** An item completed: its cursor is where a resume starts after. */
  completed(cursor: Cursor): void {
    this.current!.cursor = cursor;
    this.unwritten = true;
  }

  count(counter: Counter): number {
    return ++this.current![counter];
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  /** Time spent iterating over the job's life: earlier executions' and this one's. */
  runtimeMs(): number {
    return this.baseRuntimeMs + this.elapsedMs();
  }

  /** Is an interval write due at this item boundary? */
  flushDue(): boolean {
    return Date.now() - this.lastFlushAt >= this.flushIntervalMs;
  }

  /**
   * Writes cursor and counters (CheckpointSupersededError if another execution took over) and
   * returns the runtime it recorded; an interval write with no new item writes nothing (undefined).
   */
  async flush(interval = false): Promise<number | undefined> {
    const state = this.current!;
    this.lastFlushAt = Date.now();
    if (interval && !this.unwritten) return undefined;
    state.flushes++;
    const runtimeMs = Math.round(this.runtimeMs());
    await this.store.flush(state, runtimeMs);
    this.written = state.cursor;
    state.runtimeMs = runtimeMs;
    this.unwritten = false;
    return runtimeMs;
  }

  /** Deletes the hash (the job is done), unless a newer execution owns it. */
  async delete(): Promise<void> {
    await this.store.delete(this.execution);
  }

  /**
   * Deletes the hash at completion without waiting for the reply: the command is sent now, on the
   * connection BullMQ then marks the job completed on (a runtime's worker shares it), so Redis runs it
   * first, and the job's slot is not held for one more round trip. A failed delete only leaves a hash
   * that expires with its TTL and that no later job with this id resumes from (its stamp differs).
   */
  deleteAhead(onError: (error: Error) => void): void {
    this.store.delete(this.execution).catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  }
}
