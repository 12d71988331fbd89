import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reportsDir } from '../../src/harness/reporting/run-store.js';
import { formatNumber, formatWithUnit } from './format-number.js';
import type { BenchmarkReport, BenchRunReport } from './types.js';

/** Writes reports/bench.json (every number) and reports/bench.md (the readable report); returns their paths. */
export async function writeBenchReports(report: BenchRunReport): Promise<{ json: string; markdown: string }> {
  const dir = reportsDir();
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, 'bench.json');
  const markdown = path.join(dir, 'bench.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, renderBenchMarkdown(report));
  return { json, markdown };
}

export function renderBenchMarkdown(report: BenchRunReport): string {
  const { machine } = report;
  const lines = [
    '# Benchmarks: what resumability costs on each engine',
    '',
    `Run on ${report.generatedAt.slice(0, 10)} (${report.generatedAt}), in ${formatNumber(report.durationMs / 1000)} s.`,
    '',
    `- Machine: ${machine.cpus} CPU cores (${machine.cpuModel}), ${machine.totalMemoryGb} GB RAM, ${machine.platform}`,
    `- Node.js ${machine.node}`,
    `- Load average (1 min) when the run started: ${machine.loadAverage1m}` +
      (machine.loadAverage1m > machine.cpus ? ' (above the core count: other work shared the CPUs, expect noisier tails)' : ''),
    `- Stack: ${report.stack}`,
    '',
    'How to read the tables: each row is one timed operation (the "unit" column says which, and in what unit). ' +
      '*mean* is the average, *p50* the median (the typical case), *p99* the slow tail (1 in 100 is slower). ' +
      '*ops/s* is the mean of the per-sample rates. The tasks of a benchmark run in alternating rounds (A B … B A) ' +
      'and their samples are pooled, so a burst of background load does not land on one task only. Numbers from ' +
      'another machine or a networked Redis/PostgreSQL will differ; the ratios between rows are what carries over.',
    '',
    '## Summary',
    '',
    ...report.benchmarks.flatMap((benchmark) => [
      `- **${benchmark.title}**: ${benchmark.findings
        .filter((finding) => finding.headline)
        .map((finding) => `${finding.label} ${formatWithUnit(finding.value, finding.unit)}`)
        .join('; ')}`,
    ]),
    '',
    ...report.benchmarks.flatMap(renderBenchmark),
  ];
  return `${lines.join('\n')}\n`;
}

function renderBenchmark(benchmark: BenchmarkReport): string[] {
  return [
    `## ${benchmark.title}`,
    '',
    `**What it measures.** ${benchmark.measures}`,
    '',
    `**Why it matters.** ${benchmark.whyItMatters}`,
    '',
    '| task | mean | p50 | p99 | unit | ops/s | samples |',
    '|---|---:|---:|---:|---|---:|---:|',
    ...benchmark.measurements.map(
      (m) =>
        `| ${m.task} | ${formatNumber(m.mean)} | ${formatNumber(m.p50)} | ${formatNumber(m.p99)} | ${m.unit} per ${m.operation} | ${formatNumber(m.opsPerSecond)} | ${m.samples} |`,
    ),
    '',
    '**Key numbers.**',
    '',
    ...benchmark.findings.map((finding) => `- ${finding.label}: **${formatWithUnit(finding.value, finding.unit)}**`),
    '',
    ...(benchmark.notes.length > 0 ? ['**Notes.**', '', ...benchmark.notes.map((note) => `- ${note}`), ''] : []),
  ];
}
