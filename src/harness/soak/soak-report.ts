import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaultRow } from '../reporting/reliability-types.js';
import { reportsDir } from '../reporting/run-store.js';
import { FAULT_KINDS } from './chaos-plan.js';
import type { SoakResult } from './run-soak.js';

const MODE_TITLES = { keys: 'idempotency keys', raw: 'raw effects, no idempotency keys' } as const;

const median = (values: number[]) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** The soak's result as Markdown: the faults (count, recovery) and the audit of every job. */
export function soakMarkdown(result: SoakResult): string {
  const faultRows = FAULT_KINDS.map((kind) => {
    const ofKind = result.faults.filter((fault) => fault.kind === kind).map((fault) => fault.recoveryMs);
    return `| ${kind} | ${ofKind.length} | ${median(ofKind)} | ${ofKind.length ? Math.max(...ofKind) : 0} |`;
  });
  const jobRows = result.jobs.map(
    (job) =>
      `| ${job.job} | ${job.engine} | ${job.state === 'completed' ? '✅' : '❌'} ${job.state} | ${job.items} | ${job.lost} | ` +
      `${job.duplicateEffects} | ${job.duplicateBound} | ${job.rawReplays} | ${job.workAfterCheckpoint} | ${job.executions} |`,
  );
  return [
    `# Chaos soak (${MODE_TITLES[result.mode]}): ${result.passed ? '✅ passed' : '❌ FAILED'}`,
    '',
    `Seed ${result.seed} (replay: \`npm run soak -- --seed ${result.seed}${result.mode === 'raw' ? ' --raw' : ''}\`), ${result.faults.length} faults, ` +
      `${result.workerProcessesStarted} worker processes started, ${(result.wallMs / 1000).toFixed(1)} s.`,
    '',
    '| fault | injected | recovery median ms | recovery max ms |',
    '|---|---|---|---|',
    ...faultRows,
    '',
    'Every number below is read from the `side_effects` ledger and BullMQ, not from the jobs.',
    '',
    '| job | engine | state | items | lost | duplicate effects | bound | raw replays | work after checkpoint | executions |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...jobRows,
    '',
    '`lost` must be 0. `work after checkpoint` is what a resumed run may redo: for each execution but the last, the',
    'subjects it handled (ledger) beyond the furthest durable checkpoint sampled from Redis (every 200 ms, with the',
    "engines' readers) while it was the job's latest execution. With idempotency keys `duplicate effects` must be 0",
    'and `raw replays` (work redone whose effect its key suppressed: the price of the flush interval) must stay within',
    '`work after checkpoint`. Raw (no keys), `duplicate effects` must stay within `bound`, which is that same number.',
    '',
  ].join('\n');
}

/** Plain lines for a terminal or a pipe. */
export function soakSummaryLines(result: SoakResult): string[] {
  return [
    `soak ${result.passed ? 'passed' : 'FAILED'} (${MODE_TITLES[result.mode]}): seed ${result.seed}, ` +
      FAULT_KINDS.map((kind) => `${result.faultCounts[kind]} ${kind}`).join(', '),
    ...result.jobs.map(
      (job) =>
        `  ${job.job.padEnd(8)}${job.engine.padEnd(13)}${job.state.padEnd(12)}items ${job.items}  lost ${job.lost}  ` +
        `duplicate effects ${job.duplicateEffects} (bound ${job.duplicateBound})  raw replays ${job.rawReplays}  ` +
        `work after checkpoint ${job.workAfterCheckpoint}  executions ${job.executions}`,
    ),
  ];
}

/** Writes `soak.md` and `soak.json` (raw: `soak-raw.*`) into the reports folder; returns the Markdown path. */
export async function writeSoakReport(result: SoakResult, stack: string): Promise<string> {
  const dir = reportsDir();
  await mkdir(dir, { recursive: true });
  const name = result.mode === 'raw' ? 'soak-raw' : 'soak';
  await writeFile(path.join(dir, `${name}.json`), `${JSON.stringify({ generatedAt: new Date().toISOString(), stack, ...result }, null, 2)}\n`);
  const file = path.join(dir, `${name}.md`);
  await writeFile(file, soakMarkdown(result));
  return file;
}

/** The soak as one row of reports/reliability.{md,json}: every fault it injected, and the audit after them. */
export function soakFaultRow(result: SoakResult): FaultRow {
  const sum = (pick: (job: SoakResult['jobs'][number]) => number) => result.jobs.reduce((total, job) => total + pick(job), 0);
  const recoveries = result.faults.map((fault) => fault.recoveryMs);
  return {
    fault: `chaos soak: ${FAULT_KINDS.map((kind) => `${result.faultCounts[kind]} ${kind}`).join(', ')}`,
    source: `soak seed ${result.seed}`,
    mode: result.mode,
    duplicateBound: sum((job) => job.duplicateBound),
    workload: 'orders, reports, email on both engines',
    injections: result.faults.length,
    jobsAffected: result.jobs.length,
    itemsExpected: sum((job) => job.items),
    itemsLost: sum((job) => job.lost),
    duplicateEffects: sum((job) => job.duplicateEffects),
    rawReplays: sum((job) => job.rawReplays),
    recoveryMs: recoveries.length ? Math.max(...recoveries) : null,
    note: `slowest recovery of one fault; median ${median(recoveries)} ms; ${result.workerProcessesStarted} worker processes started`,
    passed: result.passed,
  };
}
