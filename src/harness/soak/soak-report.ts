import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reportsDir } from '../reporting/run-store.js';
import { FAULT_KINDS } from './chaos-plan.js';
import type { SoakResult } from './run-soak.js';

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
      `${job.duplicateEffects} | ${job.rawReplays} | ${job.executions} |`,
  );
  return [
    `# Chaos soak: ${result.passed ? '✅ passed' : '❌ FAILED'}`,
    '',
    `Seed ${result.seed} (replay: \`npm run soak -- --seed ${result.seed}\`), ${result.faults.length} faults, ` +
      `${result.workerProcessesStarted} worker processes started, ${(result.wallMs / 1000).toFixed(1)} s.`,
    '',
    '| fault | injected | recovery median ms | recovery max ms |',
    '|---|---|---|---|',
    ...faultRows,
    '',
    'Every number below is read from the `side_effects` ledger and BullMQ, not from the jobs.',
    '',
    '| job | engine | state | items | lost | duplicate effects | raw replays | executions |',
    '|---|---|---|---|---|---|---|---|',
    ...jobRows,
    '',
    '`lost` and `duplicate effects` must be 0. `raw replays` is work redone after a fault and suppressed by its',
    'idempotency key: the price of the flush interval, reported, not a failure.',
    '',
  ].join('\n');
}

/** Plain lines for a terminal or a pipe. */
export function soakSummaryLines(result: SoakResult): string[] {
  return [
    `soak ${result.passed ? 'passed' : 'FAILED'}: seed ${result.seed}, ` +
      FAULT_KINDS.map((kind) => `${result.faultCounts[kind]} ${kind}`).join(', '),
    ...result.jobs.map(
      (job) =>
        `  ${job.job.padEnd(8)}${job.engine.padEnd(13)}${job.state.padEnd(12)}items ${job.items}  lost ${job.lost}  ` +
        `duplicate effects ${job.duplicateEffects}  raw replays ${job.rawReplays}  executions ${job.executions}`,
    ),
  ];
}

/** Writes `soak.md` and `soak.json` into the reports folder; returns the Markdown path. */
export async function writeSoakReport(result: SoakResult, stack: string): Promise<string> {
  const dir = reportsDir();
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'soak.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), stack, ...result }, null, 2)}\n`);
  const file = path.join(dir, 'soak.md');
  await writeFile(file, soakMarkdown(result));
  return file;
}
