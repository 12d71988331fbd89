import { expect } from 'vitest';
import type { Engine } from '../../../src/harness/reporting/types.js';
import type { LifecycleEventName } from 'resumable-jobs/runtime';
import type { LedgerView, ObservedEvent } from './measure-run.js';
import { executionsOf, type Verdict } from './verdict.js';

/** The run's computed verdict holds: the same value its report row shows. */
export function expectVerdictPassed(verdict: Verdict): void {
  expect(verdict.failedChecks, verdictAssertion).toEqual([]);
}

/** How a failed verdict assertion introduces itself (its checks are in the row already). */
export const verdictAssertion = 'the computed verdict';

/** Each engine's interrupt and resume events, named from the engines' own event maps. */
export const engineEvents = {
  continuable: { interrupt: 'continuable.interrupt', resume: 'continuable.resume' },
  iteration: { interrupt: 'iteration.interrupted', resume: 'iteration.resumed' },
} as const satisfies Record<Engine, Record<'interrupt' | 'resume', LifecycleEventName>>;

const interruptNames = new Set<LifecycleEventName>(Object.values(engineEvents).map((names) => names.interrupt));
const resumeNames = new Set<LifecycleEventName>(Object.values(engineEvents).map((names) => names.resume));

/** Subjects handled by each execution, in execution order (a job's first run is execution 1). */
export const subjectsByExecution = (ledger: LedgerView): number[][] => executionsOf(ledger.entries);

export const interruptsOf = (events: ObservedEvent[]) => events.filter((event) => interruptNames.has(event.name));

export const resumesOf = (events: ObservedEvent[]) => events.filter((event) => resumeNames.has(event.name));
