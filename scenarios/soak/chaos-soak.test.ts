import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../src/harness/soak/run-soak.js';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { soakFaultRow, soakSummaryLines, writeSoakReport } from '../../src/harness/soak/soak-report.js';
import { openScenario } from '../support/scenario-environment.js';

/**
 * The chaos soak, short: the three demo jobs on both engines, on three worker processes running two
 * jobs each, while a seeded schedule sends 30 SIGTERMs and SIGKILLs and drops every Redis and Postgres
 * connection ten times each. A killed worker is replaced at once. At the end the ledger is audited.
 * Effects carry idempotency keys (the worker's default). The seed is new each run and printed
 * (SOAK_SEED=N replays one); `npm run soak` runs longer, `npm run soak -- --raw` without keys.
 */
const seed = Number(process.env.SOAK_SEED ?? randomInt(1, 1_000_000));
const minutes = Number(process.env.SOAK_MINUTES ?? 1.5);

describe(`chaos soak (seed ${seed})`, () => {
  it('ends with every job completed, every item done once as a user sees it, and the replays counted', async () => {
    const env = await openScenario(import.meta.url);
    console.log(`chaos soak: seed ${seed} (replay with SOAK_SEED=${seed})`);

    const result = await runSoak({
      redisUrl: env.redisUrl,
      adminDatabaseUrl: env.stack.databaseUrl,
      databaseUrl: env.databaseUrl,
      databaseName: new URL(env.databaseUrl).pathname.slice(1),
      prefix: env.prefix,
      seed,
      interruptions: 30,
      idempotencyKeys: true,
      durationMs: minutes * 60_000,
      onProgress: (line) => console.log(line),
    });
    await writeSoakReport(result, env.stack.description);
    await recordFault(soakFaultRow(result));
    console.log(soakSummaryLines(result).join('\n'));

    // The schedule really happened: at least 30 worker deaths and connection faults of both kinds.
    expect(result.faultCounts.sigterm + result.faultCounts.sigkill).toBeGreaterThanOrEqual(30);
    expect(result.faultCounts['redis-client-kill']).toBeGreaterThan(0);
    expect(result.faultCounts['postgres-backend-kill']).toBeGreaterThan(0);
    // Faults landed on work in flight: the jobs ran again after them (more than one execution each).
    expect(result.jobs.filter((job) => job.executions > 1).length, `seed ${seed}`).toBeGreaterThan(0);
    // The audit, read from the ledger: six jobs completed, nothing lost, nothing a user would see twice.
    expect(result.jobs.map((job) => [job.jobId, job.state, job.lost, job.duplicateEffects]), `seed ${seed}`).toEqual(
      result.jobs.map((job) => [job.jobId, 'completed', 0, 0]),
    );
    expect(result.passed).toBe(true);
  }, 420_000);
});
