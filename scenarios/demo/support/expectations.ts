import { expect } from 'vitest';
import type { Engine } from '../../../src/harness/reporting/types.js';
import type { LifecycleEventName } from '../../../src/runtime/lifecycle-events.js';
import type { DemoData } from './demo-data.js';
import type { LedgerView, ObservedEvent } from './measure-run.js';
import type { Verdict } from './verdict.js';

/** The run's computed verdict holds: the same value its report row shows. */
export function expectVerdictPassed(verdict: Verdict): void {
  expect(verdict.failedChecks).toEqual([]);
}

/** Each engine's interrupt and resume events, named from the engines' own event maps. */
export const engineEvents = {
  continuable: { interrupt: 'continuable.interrupt', resume: 'continuable.resume' },
  iteration: { interrupt: 'iteration.interrupted', resume: 'iteration.resumed' },
} as const satisfies Record<Engine, Record<'interrupt' | 'resume', LifecycleEventName>>;

const interruptNames = new Set<LifecycleEventName>(Object.values(engineEvents).map((names) => names.interrupt));
const resumeNames = new Set<LifecycleEventName>(Object.values(engineEvents).map((names) => names.resume));

/** Every item of the job handled, and no effect applied twice: read from the ledger. */
export function expectEveryItemOnce(ledger: LedgerView, data: DemoData): void {
  expect([...ledger.handled].sort((a, b) => a - b)).toEqual(data.subjectIds);
  const twice = [...ledger.effectsPerSubject].filter(([, n]) => n > 1).map(([subject]) => subject);
  expect(twice).toEqual([]);
}

/** Subjects handled by each execution, in execution order (a job's first run is execution 1). */
export function subjectsByExecution(ledger: LedgerView): number[][] {
  const groups = new Map<number, number[]>();
  for (const entry of ledger.entries) {
    const subjects = groups.get(entry.execution);
    if (subjects) subjects.push(entry.subjectId);
    else groups.set(entry.execution, [entry.subjectId]);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((execution) => groups.get(execution)!);
}

/** Execution n+1 starts with the subject right after the last one execution n finished. */
export function expectResumedRightAfter(ledger: LedgerView, data: DemoData): void {
  const executions = subjectsByExecution(ledger);
  for (let i = 1; i < executions.length; i++) {
    const lastOfPrevious = Math.max(...executions[i - 1]!);
    const firstOfNext = Math.min(...executions[i]!);
    expect(data.subjectIds.indexOf(firstOfNext)).toBe(data.subjectIds.indexOf(lastOfPrevious) + 1);
  }
}

export const interruptsOf = (events: ObservedEvent[]) => events.filter((event) => interruptNames.has(event.name));

export const resumesOf = (events: ObservedEvent[]) => events.filter((event) => resumeNames.has(event.name));
