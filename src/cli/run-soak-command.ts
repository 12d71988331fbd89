import { runSoak } from '../harness/soak/run-soak.js';
import { recordFault } from '../harness/reporting/reliability-recorder.js';
import { writeReliabilityReport } from '../harness/reporting/write-reliability-report.js';
import { soakFaultRow, soakSummaryLines, writeSoakReport } from '../harness/soak/soak-report.js';
import { createScenarioDatabase, scenarioPrefix, startStack } from '../harness/stack/index.js';
import type { SoakCommand } from './soak-args.js';

/** Starts (or finds) servers, runs the soak in a database and prefix of its own, reports, cleans up. */
export async function runSoakCommand(command: SoakCommand): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const stack = await startStack({ log });
  const database = await createScenarioDatabase(stack.endpoints.databaseUrl, 'soak');
  const stop = async () => {
    await database.drop().catch(() => undefined);
    await stack.stop();
  };
  // Ctrl-C: the worker processes and servers are stopped by their guards; drop what we made and go.
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    log(`soak: seed ${command.seed} (replay: npm run soak -- --seed ${command.seed}); ${command.minutes} min of chaos, ${command.interruptions} kills, ${command.raw ? 'raw effects (no idempotency keys)' : 'idempotency keys on'}`);
    const result = await runSoak({
      redisUrl: stack.endpoints.redisUrl,
      adminDatabaseUrl: stack.endpoints.databaseUrl,
      databaseUrl: database.url,
      databaseName: database.name,
      prefix: scenarioPrefix('soak'),
      seed: command.seed,
      interruptions: command.interruptions,
      durationMs: command.minutes * 60_000,
      workers: command.workers,
      concurrency: command.concurrency,
      idempotencyKeys: !command.raw,
      drainTimeoutMs: Math.max(120_000, command.minutes * 60_000),
      onProgress: log,
    });
    const report = await writeSoakReport(result, stack.endpoints.description);
    await recordFault(soakFaultRow(result));
    await writeReliabilityReport(stack.endpoints.description);
    for (const line of soakSummaryLines(result)) log(line);
    log(`report: ${report}`);
    return result.passed ? 0 : 1;
  } finally {
    await stop();
  }
}
