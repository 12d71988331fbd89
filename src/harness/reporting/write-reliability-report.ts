import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readFaultRows } from './reliability-recorder.js';
import type { FaultRow } from './reliability-types.js';
import { reportsDir } from './run-store.js';

/** Writes reports/reliability.json and .md from the recorded rows; returns a short summary line. */
export async function writeReliabilityReport(stack: string): Promise<{ rows: FaultRow[]; summary: string }> {
  const rows = await readFaultRows();
  const totals = {
    faults: rows.length,
    injections: sum(rows, 'injections'),
    itemsLost: sum(rows, 'itemsLost'),
    duplicateEffects: sum(rows, 'duplicateEffects'),
    rawReplays: sum(rows, 'rawReplays'),
    failedRows: rows.filter((row) => !row.passed).length,
  };
  await mkdir(reportsDir(), { recursive: true });
  const generatedAt = new Date().toISOString();
  await writeFile(path.join(reportsDir(), 'reliability.json'), `${JSON.stringify({ generatedAt, stack, totals, rows }, null, 2)}\n`);
  await writeFile(path.join(reportsDir(), 'reliability.md'), renderMarkdown(rows, totals, stack, generatedAt));
  const summary =
    `reliability: ${totals.faults} faults, ${totals.injections} injections, ${totals.itemsLost} items lost, ` +
    `${totals.duplicateEffects} duplicate effects, ${totals.rawReplays} raw replays (reports/reliability.md)\n`;
  return { rows, summary };
}

function renderMarkdown(rows: FaultRow[], totals: Record<string, number>, stack: string, generatedAt: string): string {
  const lines = [
    '# Reliability: faults injected, and what the ledger says',
    '',
    `Generated ${generatedAt} by the run (stack: ${stack}). Each row is one fault injected on servers the scenario`,
    'started itself, followed by an SQL audit of the side-effect ledger. Items lost must be 0. Mode says how effects',
    'ran: **keys** with idempotency keys (duplicate effects must be 0; raw replays are items run again whose effect',
    'the key suppressed), **raw** without them, as `npm run worker -- --raw` runs (duplicate effects must stay within',
    "Bound), **–** no effects. A raw row's Bound is the work done after the last durable checkpoint: for each execution",
    "of a job but its last, the items it handled (ledger) beyond the furthest checkpoint read from Redis while it was the",
    "job's latest execution, sampled every 200 ms during the run, whatever ended the execution (a SIGKILL, a lost lock,",
    'a failed attempt). A resumed run starts from at least that checkpoint, so only those items can be done twice.',
    '',
    '| Fault | Mode | Workload | Injected | Jobs | Items | Lost | Duplicate effects | Bound | Raw replays | Recovery | Result | Source |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.fault} | ${MODE_LABELS[row.mode]} | ${row.workload} | ${row.injections} | ${row.jobsAffected} | ${row.itemsExpected} | ${row.itemsLost} | ` +
        `${row.duplicateEffects} | ${row.duplicateBound} | ${row.rawReplays} | ${row.recoveryMs === null ? '–' : `${(row.recoveryMs / 1000).toFixed(1)} s`} | ` +
        `${row.passed ? 'pass' : '**FAIL**'} | ${row.source} |`,
    ),
    '',
    `Totals: ${totals.injections} injections, ${totals.itemsLost} items lost, ${totals.duplicateEffects} duplicate effects, ` +
      `${totals.rawReplays} raw replays, ${totals.failedRows} failed rows.`,
    '',
  ];
  const notes = rows.filter((row) => row.note);
  if (notes.length > 0) {
    lines.push('## Notes', '', ...notes.map((row) => `- **${row.fault}** (${row.workload}): ${row.note}`), '');
  }
  return `${lines.join('\n')}\n`;
}

const MODE_LABELS: Record<FaultRow['mode'], string> = { keys: 'keys', raw: 'raw', none: '–' };

function sum(rows: FaultRow[], field: 'injections' | 'itemsLost' | 'duplicateEffects' | 'rawReplays'): number {
  return rows.reduce((total, row) => total + row[field], 0);
}
