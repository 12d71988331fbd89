import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../src/harness/soak/run-soak.js';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { soakFaultRow, soakSummaryLines, writeSoakReport } from '../../src/harness/soak/soak-report.js';
import { openScenario } from '../support/scenario-environment.js';

/**
 * The chaos soak, short, once per mode: the three demo jobs on both engines, on three worker processes
 * running two jobs each, while a seeded schedule sends 20 SIGTERMs and SIGKILLs and drops every Redis and
 * Postgres connection about seven times each. A killed worker is replaced at once. At the end the ledger
 * is audited. With idempotency keys nothing may be seen twice; raw (no keys, as `npm run worker -- --raw`)
 * the duplicates may not exceed the work each SIGKILLed execution did after its last durable checkpoint.
 * The seed is new each run and printed (SOAK_SEED=N replays one); `npm run soak` runs longer.
 */
const seed = Number(process.env.SOAK_SEED ?? randomInt(1, 1_000_000));
const minutes = Number(process.env.SOAK_MINUTES ?? 0.75);
const interruptions = 20;

describe.each([
  { mode: 'keys', idempotencyKeys: true },
  { mode: 'raw', idempotencyKeys: false },
] as const)(`chaos soak (seed ${seed}), $mode`, ({ mode, idempotencyKeys }) => {
  it('ends with every job completed, nothing lost, no duplicate beyond its bound (none with keys), the replays counted', async () => {
    const env = await openScenario(`${import.meta.url}-${mode}`);
    console.log(`chaos soak (${mode}): seed ${seed} (replay with SOAK_SEED=${seed})`);

    const result = await runSoak({
      redisUrl: env.redisUrl,
      adminDatabaseUrl: env.stack.databaseUrl,
      databaseUrl: env.databaseUrl,
      databaseName: new URL(env.databaseUrl).pathname.slice(1),
      prefix: env.prefix,
      seed,
      interruptions,
      idempotencyKeys,
      durationMs: minutes * 60_000,
      onProgress: (line) => console.log(line),
    });
    await writeSoakReport(result, env.stack.description);
    await recordFault(soakFaultRow(result));
    console.log(soakSummaryLines(result).join('\n'));

    // The schedule really happened: every worker death and connection faults of both kinds.
    expect(result.faultCounts.sigterm + result.faultCounts.sigkill).toBeGreaterThanOrEqual(interruptions);
    expect(result.faultCounts['redis-client-kill']).toBeGreaterThan(0);
    expect(result.faultCounts['postgres-backend-kill']).toBeGreaterThan(0);
    // Faults landed on work in flight: the jobs ran again after them (more than one execution each).
    expect(result.jobs.filter((job) => job.executions > 1).length, `seed ${seed}`).toBeGreaterThan(0);
    // The audit, read from the ledger: six jobs completed, nothing lost, and duplicates within their bound:
    // none with keys; raw, no more than the work after the last durable checkpoint at each SIGKILL.
    expect(result.jobs.map((job) => [job.jobId, job.state, job.lost, Math.min(job.duplicateEffects, job.duplicateBound)]), `seed ${seed}`).toEqual(
      result.jobs.map((job) => [job.jobId, 'completed', 0, job.duplicateEffects]),
    );
    if (mode === 'keys') expect(result.jobs.map((job) => job.duplicateEffects)).toEqual(result.jobs.map(() => 0));
    expect(result.passed).toBe(true);
  }, 420_000);
});
