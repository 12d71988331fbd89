/**
 * How the row's effects ran: `keys` with idempotency keys (a replayed item's effect is suppressed),
 * `raw` without them (a replayed item repeats its effect: what a worker without keys does), `none`
 * when the row involves no effect at all (a refused argument, a worker that would not start).
 */
export type EffectMode = 'keys' | 'raw' | 'none';

/**
 * One row of reports/reliability.{md,json}: a fault injected into a run, and what the SQL audit of
 * the ledger found afterwards. Scenario files and soak runs add rows the same way.
 */
export interface FaultRow {
  /** What was done to the system, e.g. "Redis CLIENT KILL", "Postgres restart". */
  fault: string;
  /** Who recorded it: a scenario file, or "soak seed 42". */
  source: string;
  /** Engine(s) and job(s) running when it was injected, e.g. "iteration orders". */
  workload: string;
  /** How many times the fault was injected. */
  injections: number;
  /** Jobs running when it hit. */
  jobsAffected: number;
  /** Items the jobs had to handle, and how many the audit found never handled (must be 0). */
  itemsExpected: number;
  itemsLost: number;
  /** Idempotency keys on or off for this row's effects (see EffectMode). */
  mode: EffectMode;
  /** Effects beyond the first per subject (with keys: must be 0; raw: at most `duplicateBound`). */
  duplicateEffects: number;
  /**
   * How many duplicates the row allows: 0 with keys; raw, the work done after the last durable
   * checkpoint, sampled while the jobs ran (src/harness/measure/checkpoint-sampler.ts): what a resumed run may do again.
   */
  duplicateBound: number;
  /** Items run again and suppressed by their idempotency key (work redone, effect not repeated). */
  rawReplays: number;
  /** From the first injection to every affected job completed, in ms (null: nothing to recover). */
  recoveryMs: number | null;
  /** What a reader should know: what is lost by design, what was replayed and why. */
  note?: string;
  passed: boolean;
}
