import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../src/harness/soak/run-soak.js';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { soakFaultRow, soakSummaryLines, writeSoakReport } from '../../src/harness/soak/soak-report.js';
import { connectRedis, scanTargets, type RedisConnection } from 'resumable-jobs/runtime';
import { openScenario } from '../support/scenario-environment.js';

/**
 * The chaos soak, short, once per mode: the three demo jobs on both engines, on three worker processes
 * running two jobs each, while a seeded schedule sends 14 SIGTERMs and SIGKILLs and drops every Redis and
 * Postgres connection several times each. A killed worker is replaced at once. At the end the ledger is
 * audited. With idempotency keys no effect may repeat; raw (no keys), each job's duplicates must stay
 * within the work its executions did after their last durable checkpoint, sampled from Redis during the
 * run (src/harness/measure/checkpoint-sampler.ts). The seed is new each run and printed (SOAK_SEED=N
 * replays one); `npm run soak` runs longer, `npm run soak -- --raw` without keys.
 */
const seed = Number(process.env.SOAK_SEED ?? randomInt(1, 1_000_000));
/** The chaos window of each mode's run: 18 s in npm test (CI's cluster run and `npm run soak` go longer). */
const minutes = Number(process.env.SOAK_MINUTES ?? 0.3);
const interruptions = 14;

describe(`chaos soak (seed ${seed})`, () => {
  it.each(['keys', 'raw'] as const)('%s: every job completed, nothing lost, duplicates within the bound of the mode', async (mode) => {
    const env = await openScenario(`chaos-soak-${mode}`);
    console.log(`chaos soak (${mode}): seed ${seed} (replay with SOAK_SEED=${seed})`);
    // A bystander on the same Redis, as the scenario files running beside the soak are.
    const bystander = connectRedis(env.redisUrl);
    const bystanderBefore = await connectionIds(bystander);

    const result = await runSoak({
      redisUrl: env.redisUrl,
      adminDatabaseUrl: env.stack.databaseUrl,
      databaseUrl: env.databaseUrl,
      databaseName: new URL(env.databaseUrl).pathname.slice(1),
      prefix: env.prefix,
      seed,
      interruptions,
      idempotencyKeys: mode === 'keys',
      durationMs: minutes * 60_000,
      onProgress: (line) => console.log(line),
    });
    await writeSoakReport(result, env.stack.description);
    await recordFault(soakFaultRow(result));
    console.log(soakSummaryLines(result).join('\n'), `\nwall ${(result.wallMs / 1000).toFixed(1)} s`);

    // The schedule really happened: every worker death and connection faults of both kinds.
    expect(result.faultCounts.sigterm + result.faultCounts.sigkill).toBe(interruptions);
    expect(result.faultCounts['redis-client-kill']).toBeGreaterThan(0);
    expect(result.faultCounts['postgres-backend-kill']).toBeGreaterThan(0);
    // Faults landed on work in flight: the jobs ran again after them (more than one execution), so a
    // raw run's bound was exercised: work after a checkpoint, then a resume.
    expect(result.jobs.filter((job) => job.executions > 1).length, `seed ${seed}`).toBeGreaterThan(0);
    // The audit, read from the ledger: six jobs completed, nothing lost, and each job's duplicate effects
    // within its bound: none with keys; raw, its work after the last durable checkpoint of each execution.
    expect(result.jobs.map((job) => [job.jobId, job.state, job.lost, job.duplicateEffects <= job.duplicateBound]), `seed ${seed}`).toEqual(
      result.jobs.map((job) => [job.jobId, 'completed', 0, true]),
    );
    if (mode === 'keys') {
      expect(result.jobs.map((job) => job.duplicateEffects)).toEqual(result.jobs.map(() => 0));
      // Work redone (and suppressed) is work that was done after a durable checkpoint.
      expect(result.jobs.filter((job) => job.rawReplays > job.workAfterCheckpoint), `seed ${seed}`).toEqual([]);
    } else {
      expect(result.jobs.map((job) => job.duplicateBound)).toEqual(result.jobs.map((job) => job.workAfterCheckpoint));
    }
    expect(result.passed).toBe(true);
    // The soak's Redis faults dropped its own connections only: the bystander's are the ones it opened.
    expect(await connectionIds(bystander)).toEqual(bystanderBefore);
    bystander.disconnect();
  }, 300_000);
});

/** The server-side id of each of a client's connections: a dropped one comes back with a new id. */
async function connectionIds(redis: RedisConnection): Promise<number[]> {
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return Promise.all(scanTargets(redis).map(async (node) => Number(await node.client('ID'))));
}
