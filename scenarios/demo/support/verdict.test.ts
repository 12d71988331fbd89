import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../src/domain/types.js';
import { checkNames, judgeRun, type RunFacts } from './verdict.js';

const jobId = 'orders-iteration-crash';
const subjectIds = [1, 2, 3, 4, 5, 6];
let id = 0;
const entry = (subjectId: number, execution: number, kind = 'order.processed'): LedgerEntry => ({
  id: ++id, jobId, engine: 'iteration', kind, subjectId, execution, idempotencyKey: `order:${subjectId}`, createdAt: new Date(),
});
const facts = (ledger: LedgerEntry[], state = 'completed', completions = [subjectIds.length]): RunFacts => ({
  jobs: [{ jobId, subjectIds, state, completions }],
  ledger,
});
const failed = (verdict: ReturnType<typeof judgeRun>) => verdict.failedChecks.map((failure) => failure.check);

describe('A demo run verdict, computed from the ledger and Redis', () => {
  const interruptedAfter3 = [1, 2, 3].map((s) => entry(s, 1)).concat([4, 5, 6].map((s) => entry(s, 2)));

  it('passes a run that did every item once, resumed right after its stop and completed', () => {
    expect(judgeRun(facts(interruptedAfter3))).toEqual({ passed: true, failedChecks: [] });
  });

  it('names every broken promise: an item twice, an item missed, a resume off the cursor, a job not completed', () => {
    expect(failed(judgeRun(facts([...interruptedAfter3, entry(5, 2)])))).toEqual([checkNames.once, checkNames.effects]);
    expect(failed(judgeRun(facts(interruptedAfter3.filter((e) => e.subjectId !== 4))))).toEqual([checkNames.handled, checkNames.resumed]);
    expect(failed(judgeRun(facts(interruptedAfter3, 'failed')))).toEqual([checkNames.completed]);
    expect(failed(judgeRun(facts(interruptedAfter3, 'completed', [])))).toEqual([checkNames.completed]);
    // The ledger says execution 2 started after 3; the stored cursor said 2.
    expect(failed(judgeRun(facts(interruptedAfter3), { resumeAfter: { [jobId]: [2] } }))).toEqual([checkNames.resumed]);
  });

  it('accepts exactly the documented crash replays: raw ones as duplicate effects, idempotent ones suppressed', () => {
    // Killed after 4 with the cursor stored at 2: items 3 and 4 are done again.
    const killed = [1, 2, 3, 4].map((s) => entry(s, 1));
    const raw = [...killed, ...[3, 4, 5, 6].map((s) => entry(s, 2))];
    const idempotent = [...killed, entry(3, 2, 'order.replayed'), entry(4, 2, 'order.replayed'), ...[5, 6].map((s) => entry(s, 2))];
    const documented = { replayed: [3, 4], resumeAfter: { [jobId]: [2] } };

    expect(judgeRun(facts(raw), documented).passed).toBe(true);
    expect(judgeRun(facts(idempotent), { ...documented, idempotent: true }).passed).toBe(true);
    // The same ledgers judged against the other mode, or against a different set of replays, fail.
    expect(failed(judgeRun(facts(raw), { ...documented, idempotent: true }))).toEqual([checkNames.effects]);
    expect(failed(judgeRun(facts(idempotent), documented))).toEqual([checkNames.rawDuplicates]);
    expect(failed(judgeRun(facts(raw), { ...documented, replayed: [4] }))).toEqual([checkNames.documentedReplays, checkNames.rawDuplicates]);
    expect(failed(judgeRun(facts(raw), { ...documented, replayed: [2, 3, 4] }))).toContain(checkNames.documentedReplays);
  });
});
