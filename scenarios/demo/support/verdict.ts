import type { LedgerEntry } from '../../../src/domain/types.js';
import type { FailedCheck } from '../../../src/harness/reporting/types.js';

/**
 * A demo run's verdict, computed from what the ledger and Redis hold after the run, never written
 * by hand: the row in the comparison report and the scenario's own assertion are this one value.
 */
export interface Verdict {
  passed: boolean;
  failedChecks: FailedCheck[];
}

/** What one job of the run left behind. */
export interface JobFacts {
  jobId: string;
  /** Every subject the job had to handle, in the order it handles them. */
  subjectIds: number[];
  /** The job's BullMQ state, read from Redis ('completed', 'failed', … or 'missing'). */
  state: string;
  /** Items counted by each completion the job recorded (finalize / onComplete); empty if none. */
  completions: number[];
}

/** Everything the verdict is a function of. */
export interface RunFacts {
  jobs: JobFacts[];
  /** The run's ledger rows of the job's family, in the order they were written. */
  ledger: LedgerEntry[];
}

/** What a scenario documents beyond "every item once, resumed where it stopped, completed". */
export interface RunExpectation {
  /** Subjects a crash makes the job do a second time: exactly these, exactly once more. */
  replayed?: readonly number[];
  /** Effects carry honoured idempotency keys: a replay is logged as suppressed, not applied twice. */
  idempotent?: boolean;
  /**
   * Per job id, the stored cursor each resumed execution must start right after (a subject id; null
   * for "from the beginning"), read from Redis by the scenario. Without it, an execution must start
   * right after the last subject of the one before: where an interrupt stores its cursor.
   */
  resumeAfter?: Record<string, readonly (number | null)[]>;
}

export const checkNames = {
  handled: 'every item handled',
  once: 'every item exactly once',
  documentedReplays: 'exactly the documented replays',
  effects: 'no duplicate effect',
  rawDuplicates: 'raw duplicates as documented',
  resumed: 'resumed right after the stored cursor',
  completed: 'job completed',
} as const;

/** Judges a run. Pure: the same facts always give the same verdict. */
export function judgeRun(facts: RunFacts, expectation: RunExpectation = {}): Verdict {
  const failedChecks = [
    ...everyItemHandled(facts),
    ...attemptsAsDocumented(facts, expectation),
    ...effectsAsDocumented(facts, expectation),
    ...resumedAfterStoredCursor(facts, expectation),
    ...jobsCompleted(facts),
  ];
  return { passed: failedChecks.length === 0, failedChecks };
}

/** A verdict that also names a failure found outside it (the scenario threw, a wait timed out). */
export function withFailure(verdict: Verdict, failure: FailedCheck): Verdict {
  return { passed: false, failedChecks: [...verdict.failedChecks, failure] };
}

const isError = (entry: LedgerEntry) => entry.kind.endsWith('.error');
const isSuppressedReplay = (entry: LedgerEntry) => entry.kind.endsWith('.replayed');

function everyItemHandled(facts: RunFacts): FailedCheck[] {
  const failures: FailedCheck[] = [];
  for (const job of facts.jobs) {
    const handled = new Set(facts.ledger.filter((entry) => entry.jobId === job.jobId).map((entry) => entry.subjectId));
    const expected = new Set(job.subjectIds);
    const missing = job.subjectIds.filter((id) => !handled.has(id));
    const foreign = [...handled].filter((id) => !expected.has(id));
    if (missing.length > 0) failures.push({ check: checkNames.handled, detail: `${jobLabel(facts, job)}${missing.length} of ${expected.size} items never handled (first: ${listed(missing)})` });
    if (foreign.length > 0) failures.push({ check: checkNames.handled, detail: `${jobLabel(facts, job)}handled ${foreign.length} items outside its scope (${listed(foreign)})` });
  }
  return failures;
}

/** Every subject attempted once, plus once more for each documented replay: no more, no fewer. */
function attemptsAsDocumented(facts: RunFacts, expectation: RunExpectation): FailedCheck[] {
  const replayed = new Set(expectation.replayed ?? []);
  const attempts = countBy(facts.ledger, () => true);
  const wrong = [...attempts].filter(([subject, n]) => n !== 1 + (replayed.has(subject) ? 1 : 0));
  const notReplayed = [...replayed].filter((subject) => (attempts.get(subject) ?? 0) < 2);
  const check = replayed.size === 0 ? checkNames.once : checkNames.documentedReplays;
  const failures: FailedCheck[] = [];
  if (wrong.length > 0) {
    const [subject, n] = wrong[0]!;
    failures.push({ check, detail: `${wrong.length} items attempted a wrong number of times (item ${subject}: ${n}, expected ${replayed.has(subject) ? 2 : 1})` });
  } else if (notReplayed.length > 0) {
    failures.push({ check, detail: `${notReplayed.length} of the ${replayed.size} documented replays never happened (first: ${listed(notReplayed)})` });
  }
  return failures;
}

/** Idempotent: one effect per item, replays suppressed. Raw: each replay is a second effect. */
function effectsAsDocumented(facts: RunFacts, expectation: RunExpectation): FailedCheck[] {
  const replayed = new Set(expectation.replayed ?? []);
  const raw = !expectation.idempotent && replayed.size > 0;
  const effects = countBy(facts.ledger, (entry) => !isError(entry) && !isSuppressedReplay(entry));
  const suppressed = facts.ledger.filter(isSuppressedReplay).length;
  const expectedEffects = (subject: number) => 1 + (raw && replayed.has(subject) ? 1 : 0);
  const wrong = [...effects].filter(([subject, n]) => n !== expectedEffects(subject));
  const check = raw ? checkNames.rawDuplicates : checkNames.effects;
  if (wrong.length > 0) {
    const [subject, n] = wrong[0]!;
    return [{ check, detail: `${wrong.length} items with a wrong number of effects (item ${subject}: ${n}, expected ${expectedEffects(subject)})` }];
  }
  const expectedSuppressed = expectation.idempotent ? replayed.size : 0;
  if (suppressed !== expectedSuppressed) return [{ check, detail: `${suppressed} replays suppressed by idempotency keys, expected ${expectedSuppressed}` }];
  return [];
}

function resumedAfterStoredCursor(facts: RunFacts, expectation: RunExpectation): FailedCheck[] {
  const failures: FailedCheck[] = [];
  for (const job of facts.jobs) {
    const executions = executionsOf(facts.ledger.filter((entry) => entry.jobId === job.jobId));
    const stored = expectation.resumeAfter?.[job.jobId];
    if (stored && stored.length !== executions.length - 1) {
      failures.push({ check: checkNames.resumed, detail: `${jobLabel(facts, job)}${stored.length} resumes expected, the ledger shows ${executions.length - 1}` });
      continue;
    }
    for (let i = 1; i < executions.length; i++) {
      const after = stored ? stored[i - 1]! : executions[i - 1]!.at(-1)!;
      const expectedFirst = after === null ? job.subjectIds[0] : job.subjectIds[job.subjectIds.indexOf(after) + 1];
      const first = executions[i]![0]!;
      if (first !== expectedFirst) {
        failures.push({ check: checkNames.resumed, detail: `${jobLabel(facts, job)}execution ${i + 1} started at item ${first}, expected ${expectedFirst} (right after ${after ?? 'the start'})` });
      }
    }
  }
  return failures;
}

function jobsCompleted(facts: RunFacts): FailedCheck[] {
  const failures: FailedCheck[] = [];
  for (const job of facts.jobs) {
    if (job.state !== 'completed') failures.push({ check: checkNames.completed, detail: `${jobLabel(facts, job)}BullMQ state is '${job.state}'` });
    else if (job.completions.length !== 1 || job.completions[0] !== job.subjectIds.length) {
      failures.push({ check: checkNames.completed, detail: `${jobLabel(facts, job)}completions recorded ${JSON.stringify(job.completions)}, expected one of ${job.subjectIds.length} items` });
    }
  }
  return failures;
}

/** The subjects of each execution, in execution order (the ledger numbers a job's first run 1). */
export function executionsOf(entries: readonly LedgerEntry[]): number[][] {
  const groups = new Map<number, number[]>();
  for (const entry of entries) {
    const subjects = groups.get(entry.execution);
    if (subjects) subjects.push(entry.subjectId);
    else groups.set(entry.execution, [entry.subjectId]);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((execution) => groups.get(execution)!);
}

function countBy(entries: readonly LedgerEntry[], counts: (entry: LedgerEntry) => boolean): Map<number, number> {
  const perSubject = new Map<number, number>();
  for (const entry of entries) if (counts(entry)) perSubject.set(entry.subjectId, (perSubject.get(entry.subjectId) ?? 0) + 1);
  return perSubject;
}

const jobLabel = (facts: RunFacts, job: JobFacts) => (facts.jobs.length > 1 ? `job ${job.jobId}: ` : '');
const listed = (ids: number[]) => ids.slice(0, 3).join(', ') + (ids.length > 3 ? ', …' : '');
