import type { MikroORM } from '@mikro-orm/postgresql';
import { ledgerEntries } from '../../../src/domain/side-effect-ledger.js';
import type { LedgerEntry } from '../../../src/domain/types.js';
import type { ComparisonRun, Engine, RunSettings, Variant } from '../../../src/harness/reporting/types.js';
import type { LifecycleEventName } from 'resumable-jobs/runtime';
import type { DemoData } from './demo-data.js';
import { engineProbes } from './engine-probes.js';
import { executionsOf, type Verdict } from './verdict.js';

/** A lifecycle event as a scenario sees it (in process, or relayed by a worker process). */
export interface ObservedEvent {
  name: LifecycleEventName;
  payload: Record<string, unknown>;
}

/** What a scenario saw while it ran one job (or several, concurrent) on one engine. */
export interface RunObservation {
  data: DemoData;
  engine: Engine;
  variant: Variant;
  jobIds: string[];
  enqueuedAt: number;
  finishedAt: number;
  /** Lifecycle events of these jobs, in order. */
  events: ObservedEvent[];
  /** The durable interval and idempotency keys it ran with. */
  settings: RunSettings;
  /** For crash runs: the stored cursor when the worker was killed, and the promised bound. */
  crash?: { killedExecution: number; storedCursor: unknown; flushIntervalMs: number };
}

/** The ledger's view of a run: what was done, how often, when. Never the jobs' own counters. */
export interface LedgerView {
  entries: LedgerEntry[];
  /** Effect rows (not error rows, not suppressed replays) per subject. */
  effectsPerSubject: Map<number, number>;
  /** Any row per subject (an item is handled once it has an effect or a recorded error). */
  handled: Set<number>;
  errors: number;
  replays: number;
}

export async function readLedger(orm: MikroORM, data: DemoData, jobIds: string[]): Promise<LedgerView> {
  const entries = (await ledgerEntries(orm.em.fork(), jobIds)).filter((entry) => entry.kind.startsWith(`${data.family}.`));
  const effectsPerSubject = new Map<number, number>();
  const handled = new Set<number>();
  let errors = 0;
  let replays = 0;
  for (const entry of entries) {
    handled.add(entry.subjectId);
    if (entry.kind.endsWith('.error')) errors++;
    else if (entry.kind.endsWith('.replayed')) replays++;
    else effectsPerSubject.set(entry.subjectId, (effectsPerSubject.get(entry.subjectId) ?? 0) + 1);
  }
  return { entries, effectsPerSubject, handled, errors, replays };
}

/** Turns an observation and its verdict into a row of the comparison report. */
export async function measureRun(orm: MikroORM, run: RunObservation, verdict: Verdict): Promise<ComparisonRun> {
  const probe = engineProbes[run.engine];
  const ledger = await readLedger(orm, run.data, run.jobIds);
  const expected = new Set(run.data.subjectIds);
  const processed = [...ledger.handled].filter((id) => expected.has(id)).length;
  const duplicateEffects = [...ledger.effectsPerSubject.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const interrupts = run.events.filter((event) => event.name === probe.interruptEvent);
  const lost = run.crash ? lostWork(ledger.entries, run.crash) : { items: 0, ms: 0 };
  const resumedAt = run.events.filter((event) => event.name === probe.resumeEvent).map((event) => probe.resumedCursor(event.payload));

  return {
    job: run.data.job,
    variant: run.variant,
    engine: run.engine,
    items: expected.size,
    processed,
    duplicateEffects,
    // Every attempt beyond an item's first: applied again (raw mode) or suppressed by its key.
    replays: duplicateEffects + ledger.replays,
    missed: expected.size - processed,
    interruptions: interrupts.length,
    resumedAt,
    resumedAfterItem: resumedAfterItem(ledger.entries, run),
    checkpointWrites: run.events.filter((event) => probe.writeEvents.includes(event.name)).length,
    lostWork: lost.items,
    wallMs: run.finishedAt - run.enqueuedAt,
    passed: verdict.passed,
    failedChecks: verdict.failedChecks,
    failedItems: ledger.errors,
    executions: new Set(ledger.entries.map((entry) => `${entry.jobId}:${entry.execution}`)).size,
    timeline: timeline(ledger.entries, run.enqueuedAt),
    executionSpans: executionSpans(ledger.entries, run, interrupts),
    interruptionMarks: interrupts.map((event) => ({
      ms: Number(event.payload.at) - run.enqueuedAt,
      reason: String(event.payload.reason),
    })),
    settings: run.settings,
    notes: run.crash ? { flushIntervalMs: run.crash.flushIntervalMs, lostWorkMs: lost.ms, storedCursorAtKill: run.crash.storedCursor } : undefined,
  };
}

/** From the ledger: the position of the item before each resumed execution's first (first job only). */
function resumedAfterItem(entries: LedgerEntry[], run: RunObservation): number[] {
  const executions = executionsOf(entries.filter((entry) => entry.jobId === run.jobIds[0]));
  return executions.slice(1).map((subjects) => run.data.subjectIds.indexOf(subjects[0]!));
}

/**
 * Work a crash threw away: the killed execution's items after the cursor that was stored when it
 * died, and the time they span. That work is redone on recovery; its span is what the flush
 * interval is meant to bound.
 */
export function lostWork(entries: LedgerEntry[], crash: NonNullable<RunObservation['crash']>): { items: number; ms: number } {
  const stored = typeof crash.storedCursor === 'number' ? crash.storedCursor : -Infinity;
  const lost = entries.filter((entry) => entry.execution === crash.killedExecution && entry.subjectId > stored);
  if (lost.length === 0) return { items: 0, ms: 0 };
  return { items: lost.length, ms: lost[lost.length - 1]!.createdAt.getTime() - lost[0]!.createdAt.getTime() };
}

function timeline(entries: LedgerEntry[], startedAt: number): ComparisonRun['timeline'] {
  const seen = new Set<number>();
  const points: ComparisonRun['timeline'] = [{ ms: 0, done: 0 }];
  const every = Math.max(1, Math.floor(entries.length / 60));
  entries.forEach((entry, i) => {
    seen.add(entry.subjectId);
    if (i % every === 0 || i === entries.length - 1) points.push({ ms: entry.createdAt.getTime() - startedAt, done: seen.size });
  });
  return points;
}

function executionSpans(entries: LedgerEntry[], run: RunObservation, interrupts: ObservedEvent[]): ComparisonRun['executionSpans'] {
  const first = run.jobIds[0];
  const byExecution = new Map<number, LedgerEntry[]>();
  for (const entry of entries.filter((candidate) => candidate.jobId === first)) {
    const rows = byExecution.get(entry.execution);
    if (rows) rows.push(entry);
    else byExecution.set(entry.execution, [entry]);
  }
  const executions = [...byExecution.keys()].sort((a, b) => a - b);
  return executions.map((execution, i) => {
    const rows = byExecution.get(execution)!;
    const interrupt = interrupts.find((event) => event.payload.jobId === first && event.payload.execution === execution);
    const outcome =
      run.crash?.killedExecution === execution
        ? 'killed'
        : interrupt
          ? `interrupted: ${String(interrupt.payload.reason)}`
          : i === executions.length - 1
            ? 'completed'
            : 'stopped';
    return {
      startMs: rows[0]!.createdAt.getTime() - run.enqueuedAt,
      endMs: rows[rows.length - 1]!.createdAt.getTime() - run.enqueuedAt,
      outcome,
    };
  });
}
