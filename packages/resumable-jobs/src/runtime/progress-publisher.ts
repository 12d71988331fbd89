import type { Job } from 'bullmq';
import { isCancelledResult } from './cancelled-result.js';
import { isRequeueSignal } from './requeue.js';
import type { Interruption } from './interruption.js';
import type { LifecycleBus, LifecycleEventName } from './lifecycle-events.js';
import {
  percentOf,
  readPublishedProgress,
  type ProgressEventFields,
  type ProgressFieldsOf,
  type ProgressVocabulary,
  type PublishedProgress,
  type PublishedState,
} from './published-progress.js';

/** Default publishing interval: the "about once a second per job" of bull-board-style dashboards. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 1_000;

/** One execution's progress publisher: the job, where its events come from, and how often to publish. */
export interface ProgressPublisherOptions {
  job: Job;
  events: LifecycleBus;
  /** The execution's interruption: its last check holds the items and cursor of this execution. */
  interruption: Interruption;
  vocabulary: ProgressVocabulary;
  intervalMs?: number;
  /** Where a failed progress write is reported; it never fails the job. */
  onError?: (error: Error) => void;
}

/**
 * Publishes one execution's progress with `job.updateProgress`: on a timer when something changed
 * (the first tick one interval after the start) (never per item: an item only overwrites the interruption's last progress),
 * and once more when the execution ends. Step, stop count and checkpoint time come from the job's
 * lifecycle events, read through the engine's vocabulary.
 */
export class ProgressPublisher {
  private readonly base: { items: number; interruptions: number; cursor: unknown; checkpointAt?: number; total?: number };
  private readonly intervalMs: number;
  private step: string | undefined;
  private interruptions: number;
  private checkpointAt: number | undefined;
  private total: number | undefined;
  private lastPublished: string | undefined;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ProgressPublisherOptions) {
    const previous = readPublishedProgress(options.job.progress);
    // A resumed job continues the counts its earlier executions published.
    this.base = previous
      ? { items: previous.items, interruptions: previous.interruptions, cursor: previous.cursor, checkpointAt: previous.checkpointAt, total: previous.total }
      : { items: 0, interruptions: 0, cursor: null };
    this.step = previous?.step;
    this.interruptions = this.base.interruptions;
    this.checkpointAt = this.base.checkpointAt;
    this.total = this.base.total;
    this.intervalMs = options.intervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  }

  /** Runs one execution with its progress published; the execution's outcome passes through untouched. */
  async around<T>(execute: () => Promise<T>): Promise<T> {
    this.start();
    let state: PublishedState = 'failed';
    try {
      const result = await execute();
      state = isCancelledResult(result) ? 'cancelled' : 'completed';
      return result;
    } catch (error) {
      state = isRequeueSignal(error) ? 'interrupted' : 'failed';
      throw error;
    } finally {
      await this.stop(state);
    }
  }

  /** The payload as it stands now. */
  snapshot(state: PublishedState = 'running'): PublishedProgress {
    const { job, interruption, vocabulary } = this.options;
    const last = interruption.lastProgress;
    const items = this.base.items + (last?.items ?? 0);
    return {
      engine: vocabulary.engine,
      items,
      cursor: interruption.lastCursor ?? this.base.cursor ?? null,
      ...(this.step === undefined ? {} : { step: this.step }),
      interruptions: this.interruptions,
      ...(this.checkpointAt === undefined ? {} : { checkpointAt: this.checkpointAt }),
      execution: job.attemptsStarted,
      state,
      ...(this.total === undefined ? {} : { total: this.total, percent: state === 'completed' ? 100 : percentOf(items, this.total) }),
      at: Date.now(),
    };
  }

  private start(): void {
    const jobId = String(this.options.job.id);
    const { events, vocabulary } = this.options;
    const offs = (Object.keys(vocabulary.events) as LifecycleEventName[]).map((name) =>
      events.on(name, (payload) => {
        if ((payload as { jobId?: unknown }).jobId !== jobId) return;
        this.apply((vocabulary.events[name] as ProgressFieldsOf<typeof name>)(payload));
      }),
    );
    this.unsubscribe = () => offs.forEach((off) => off());
    // The first write waits for the first tick: a job shorter than the interval writes once, at its end,
    // so many short jobs at once pay one progress write each, not two.
    this.timer = setInterval(() => this.publish('running'), this.intervalMs);
    this.timer.unref();
  }

  private apply(fields: ProgressEventFields): void {
    if (fields.step !== undefined) this.step = fields.step;
    if (fields.interruptions !== undefined) this.interruptions = fields.interruptions;
    else if (fields.interrupted) this.interruptions += 1;
    if (fields.checkpointAt !== undefined) this.checkpointAt = fields.checkpointAt;
    if (fields.total !== undefined) this.total = fields.total;
  }

  /**
   * The last write. A job that ends here (completed, cancelled) does not wait for its reply: the write
   * is sent now, on the connection BullMQ then moves the job to completed on, so Redis applies it first
   * and a reader who sees the job completed sees its final progress; the job's slot is not held for one
   * more round trip. A job that goes on elsewhere (interrupted, failed) waits, as its next execution reads it.
   */
  private async stop(state: PublishedState): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    if (state === 'completed' || state === 'cancelled') return this.publish(state, true);
    await this.inFlight;
    this.publish(state, true);
    await this.inFlight;
  }

  /** Writes the payload unless nothing changed; one write at a time (a slow write skips a tick). */
  private publish(state: PublishedState, final = false): void {
    if (this.inFlight && !final) return;
    const { at: _at, ...comparable } = this.snapshot(state);
    const key = JSON.stringify(comparable);
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    this.inFlight = this.options.job
      .updateProgress({ ...comparable, at: Date.now() } as PublishedProgress)
      .catch((error: unknown) => this.options.onError?.(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        this.inFlight = undefined;
      });
  }
}
