import { featureComparison } from './feature-comparison.js';
import type { ComparisonReport, ComparisonRun, DemoJob, Engine, Variant } from './types.js';

const jobs: { job: DemoJob; title: string }[] = [
  { job: 'orders', title: 'Process orders (1,000 pending orders)' },
  { job: 'reports', title: 'Customer reports, nested (100 customers x 50 orders)' },
  { job: 'email', title: 'Batch email (5,000 recipients in batches of 50)' },
];
const variants: Variant[] = ['none', 'sigterm', 'flag', 'time', 'progress', 'multiple', 'concurrent', 'failure-rate', 'crash', 'crash-raw', 'crash-raw-rails-exact'];
const engines: Engine[] = ['continuable', 'iteration'];

/** reports/comparison.md: one side-by-side table per job, the feature comparison, timelines. */
export function renderMarkdown(report: ComparisonReport): string {
  const lines: string[] = ['# Resumable jobs: continuable vs iteration', ''];
  if (report.runs.length === 0) {
    lines.push(
      `Generated ${report.generatedAt} on stack: ${report.stack}.`,
      '',
      '**No demo scenario recorded a row in this run**, so there is nothing to compare. Run the demo scenarios',
      '(`scenarios/demo/`) to fill this report.',
      '',
    );
    return lines.join('\n');
  }
  lines.push(
    `Generated ${report.generatedAt} on stack: ${report.stack}. Numbers are read from the database ledger and`,
    'Redis after the run, not from the jobs\' own counters, except those marked † (engine-reported: counted from',
    'the engines\' lifecycle events).',
    '',
    'Columns per engine: **done** (distinct items in the ledger / items), **dup effects** (effects a user would see',
    'twice: ledger effect rows beyond one per item), **replays** (items attempted again: applied twice, or suppressed by',
    'their idempotency key), **missed**, **int†** (interruptions), **resumed at** (from the ledger: the item each',
    'resumed execution started after; 300 = after the 300th item, the same place on both engines), **writes†**',
    '(checkpoint writes), **lost** (items done after the last durable checkpoint when a crash hit), **ms** (wall time),',
    '**ok** (the computed verdict; a failed check is named, with its detail under "Failed checks"), **settings** (how often',
    'progress was made durable while running, `Rails-exact` = only when the job stops; `keys` = idempotency keys on).',
    '',
  );
  const failed = report.runs.filter((run) => !run.passed);
  if (failed.length > 0) lines.push(...failedChecks(failed), '');
  for (const { job, title } of jobs) {
    const runs = report.runs.filter((run) => run.job === job);
    if (runs.length === 0) continue;
    lines.push(`## ${title}`, '', ...jobTable(runs), '');
    const timeline = pickTimelineRun(runs);
    if (timeline) lines.push(...timelineChart(job, timeline), '');
  }
  lines.push('## The two patterns, feature by feature', '', '| Feature | continuable (Rails Continuable) | iteration (job-iteration + Sidekiq checkpoints) |', '|---|---|---|');
  for (const row of featureComparison) lines.push(`| ${row.feature} | ${row.continuable} | ${row.iteration} |`);
  lines.push('');
  return lines.join('\n');
}

function jobTable(runs: ComparisonRun[]): string[] {
  const header = ['variant', ...engines.flatMap((engine) => [`${engine} done`, 'dup effects', 'replays', 'missed', 'int†', 'resumed at', 'writes†', 'lost', 'ms', 'ok', 'settings'])];
  const rows = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const variant of variants) {
    const cells = engines.flatMap((engine) => {
      const run = runs.find((candidate) => candidate.variant === variant && candidate.engine === engine);
      if (!run) return ['–', '', '', '', '', '', '', '', '', '', ''];
      return [
        `${run.processed}/${run.items}`,
        String(run.duplicateEffects),
        String(run.replays),
        String(run.missed),
        String(run.interruptions),
        formatPositions(run.resumedAfterItem ?? []),
        String(run.checkpointWrites),
        String(run.lostWork),
        String(Math.round(run.wallMs)),
        verdictCell(run),
        settingsCell(run),
      ];
    });
    if (cells.every((cell) => cell === '–' || cell === '')) continue;
    rows.push(`| ${variant} | ${cells.join(' | ')} |`);
  }
  return rows;
}

/** `200 ms`, `Rails-exact, keys`: what the run's loss on a crash depends on. */
function settingsCell(run: ComparisonRun): string {
  if (!run.settings) return '';
  return `${run.settings.durable}${run.settings.idempotencyKeys ? ', keys' : ''}`;
}

/** ✅, or ❌ with the first failed check's name (all of them are listed under "Failed checks"). */
export function verdictCell(run: ComparisonRun): string {
  if (run.passed) return '✅';
  const [first, ...rest] = run.failedChecks ?? [];
  if (!first) return '❌';
  return `❌ ${first.check}${rest.length > 0 ? ` (+${rest.length})` : ''}`;
}

function failedChecks(runs: ComparisonRun[]): string[] {
  const lines = ['## Failed checks', '', '| job | variant | engine | check | what the ledger and Redis showed |', '|---|---|---|---|---|'];
  for (const run of runs) {
    const checks = run.failedChecks?.length ? run.failedChecks : [{ check: '(none named)', detail: 'the run failed without a named check' }];
    for (const { check, detail } of checks) lines.push(`| ${run.job} | ${run.variant} | ${run.engine} | ${check} | ${escapeCell(detail)} |`);
  }
  return lines;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function formatPositions(positions: number[]): string {
  if (positions.length === 0) return '–';
  const shown = positions.slice(0, 4).map(String);
  return shown.join(', ') + (positions.length > 4 ? ` …(+${positions.length - 4})` : '');
}

/** The multiple-interrupts run tells the story best; fall back to any interrupted run. */
function pickTimelineRun(runs: ComparisonRun[]): ComparisonRun[] | undefined {
  for (const variant of ['multiple', 'flag', 'progress', 'sigterm'] as Variant[]) {
    const chosen = runs.filter((run) => run.variant === variant && run.timeline.length > 1);
    if (chosen.length > 0) return chosen;
  }
  return undefined;
}

/** A Mermaid line chart of items done against time, one line per engine, and a Gantt of executions. */
function timelineChart(job: DemoJob, runs: ComparisonRun[]): string[] {
  const buckets = 12;
  const maxMs = Math.max(...runs.map((run) => run.wallMs), 1);
  const step = maxMs / buckets;
  // Hundredths for short runs, so no two ticks read the same.
  const digits = maxMs < 5_000 ? 100 : 10;
  const axis = Array.from({ length: buckets + 1 }, (_, i) => Math.round(((i * step) / 1000) * digits) / digits);
  const lines = [
    `### Timeline: ${job}, ${runs[0]?.variant} variant`,
    '',
    'Items done (from the ledger) against seconds since the job was enqueued. The Gantt chart below shows each',
    'execution; the gaps are the interruptions (reason in the label) and the resume delay.',
    '',
    '```mermaid',
    'xychart-beta',
    `  title "${job}: items done over time"`,
    `  x-axis "seconds" [${axis.join(', ')}]`,
    `  y-axis "items done" 0 --> ${Math.max(...runs.map((run) => run.items))}`,
  ];
  for (const run of runs) {
    const values = axis.map((_, i) => doneAt(run, i * step));
    lines.push(`  line [${values.join(', ')}]`);
  }
  lines.push('```', '', `Lines in order: ${runs.map((run) => run.engine).join(', ')}.`, '', '```mermaid', 'gantt', `  title ${job}: executions and interruptions`, '  dateFormat x', '  axisFormat %S.%L s');
  for (const run of runs) {
    lines.push(`  section ${run.engine}`);
    run.executionSpans.forEach((span, i) => {
      const end = Math.max(span.endMs, span.startMs + 1);
      lines.push(`  exec ${i + 1} (${span.outcome}) :${run.engine.slice(0, 4)}${i}, ${Math.round(span.startMs)}, ${Math.round(end)}`);
    });
  }
  lines.push('```');
  return lines;
}

function doneAt(run: ComparisonRun, ms: number): number {
  let done = 0;
  for (const point of run.timeline) {
    if (point.ms <= ms) done = point.done;
    else break;
  }
  return done;
}

/** The summary `npm test` prints at its end. */
export function renderSummary(report: ComparisonReport): string {
  if (report.runs.length === 0) return '\nComparison: no demo scenario recorded a row in this run (reports/comparison.md says so).\n';
  const lines = ['', 'Comparison (ledger-verified, int engine-reported): done/items, duplicate effects, replays, missed, interruptions, ms', ''];
  const pad = (text: string, width: number) => text.padEnd(width);
  lines.push(`${pad('job', 8)}${pad('variant', 14)}${pad('continuable', 54)}iteration`);
  for (const { job } of jobs) {
    for (const variant of variants) {
      const cell = (engine: Engine) => {
        const run = report.runs.find((candidate) => candidate.job === job && candidate.variant === variant && candidate.engine === engine);
        if (!run) return '–';
        return `${run.passed ? '✓' : '✗'} ${run.processed}/${run.items} dup ${run.duplicateEffects} rep ${run.replays} miss ${run.missed} int ${run.interruptions} ${Math.round(run.wallMs)}ms`;
      };
      const left = cell('continuable');
      const right = cell('iteration');
      if (left === '–' && right === '–') continue;
      lines.push(`${pad(job, 8)}${pad(variant, 14)}${pad(left, 54)}${right}`);
    }
  }
  for (const run of report.runs.filter((candidate) => !candidate.passed)) {
    for (const { check, detail } of run.failedChecks ?? []) lines.push(`✗ ${run.job} ${run.variant} ${run.engine}: ${check}: ${detail}`);
  }
  lines.push('', `Full report: reports/comparison.md and reports/comparison.json`, '');
  return lines.join('\n');
}
