import { z } from 'zod';
import type { LifecycleEventMap, LifecycleEventName } from './lifecycle-events.js';

/**
 * What both engines publish through BullMQ's `job.updateProgress` (so bull-board and any BullMQ tool
 * shows it): written at most once per publishing interval per job, plus once when an execution
 * starts and once when it ends. Never per item.
 *
 * - `items`: items done over the job's life as published so far. An execution adds its own items to
 *   the count the previous one published, so after a crash the items re-done since the last publish
 *   are counted again; the side-effect ledger is the exact count.
 * - `cursor`: the cursor of the last item done ("everything up to here is done"); a resumed
 *   execution shows the previous one's until its first item; null before any.
 * - `step`: the continuable step running now.
 * - `interruptions`: stops so far (interrupts and throttles, never failures).
 * - `checkpointAt`: wall-clock ms of the last durable checkpoint this job wrote, when known.
 * - `state`: how the publishing execution stands: running, or how it ended (`cancelled`: completed as cancelled).
 * - `total`, `percent`: when the enumerator knows its size, the items it holds in all and
 *   `items / total` as a whole percentage (0..100), for any BullMQ UI to draw; absent otherwise.
 */
export const publishedProgressSchema = z.object({
  engine: z.string(),
  items: z.number().int().nonnegative(),
  cursor: z.unknown(),
  step: z.string().optional(),
  interruptions: z.number().int().nonnegative(),
  checkpointAt: z.number().optional(),
  execution: z.number().int().nonnegative(),
  state: z.enum(['running', 'interrupted', 'completed', 'cancelled', 'failed']),
  total: z.number().int().nonnegative().optional(),
  percent: z.number().int().min(0).max(100).optional(),
  at: z.number(),
});

/** A job's progress as both engines publish it with `job.updateProgress` (see `publishedProgressSchema`). */
export type PublishedProgress = z.infer<typeof publishedProgressSchema>;
/** How the publishing execution stands: running, interrupted, completed or failed. */
export type PublishedState = PublishedProgress['state'];

/** Reads a job's `progress` as the engines publish it; undefined for anything else (a number, another tool's object). */
export function readPublishedProgress(progress: unknown): PublishedProgress | undefined {
  const parsed = publishedProgressSchema.safeParse(progress);
  return parsed.success ? parsed.data : undefined;
}

/** What one lifecycle event of a job adds to its published progress. */
export interface ProgressEventFields {
  step?: string;
  /** The job's stop count as the engine keeps it. */
  interruptions?: number;
  /** The job stopped once more (for an engine whose events do not carry the count). */
  interrupted?: boolean;
  /** A durable checkpoint was written at this time. */
  checkpointAt?: number;
  /** How many items the job holds in all (the enumerator's size). */
  total?: number;
}

/** `done` of `total` as a whole percentage, capped at 100 (a crash's re-done items are counted again). */
export function percentOf(done: number, total: number): number {
  if (total === 0) return 100;
  return Math.min(100, Math.floor((done / total) * 100));
}

/** Reads one event's payload into progress fields. */
export type ProgressFieldsOf<K extends LifecycleEventName> = (payload: LifecycleEventMap[K]) => ProgressEventFields;

/**
 * How an engine's lifecycle events translate into published progress: the events it reads, each
 * with what it contributes. The publisher listens to exactly these events (never to all of them),
 * so an engine that emits a per-item event only when someone listens keeps that saving.
 * Each engine's job base class names its own (`static progressEvents`), so the runtime stays
 * engine-agnostic.
 */
export interface ProgressVocabulary {
  engine: string;
  events: { [K in LifecycleEventName]?: ProgressFieldsOf<K> };
}
