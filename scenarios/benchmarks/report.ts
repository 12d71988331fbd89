import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reportsDir } from '../../src/harness/reporting/run-store.js';
import { formatNumber } from './format-number.js';
import { COMPLETION_METHOD } from './worker-timings.js';
import type { BenchRunReport, Chart, Figure, SectionReport, Spread } from './types.js';

/**
 * Writes `<dir>/<name>.json` (every number) and `<dir>/<name>.md` (the readable report); returns their
 * paths. `bench` for every run; `bench-reference` for the committed run the documents quote.
 */
export async function writeBenchReports(report: BenchRunReport, dir = reportsDir(), name = 'bench'): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, `${name}.json`);
  const markdown = path.join(dir, `${name}.md`);
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, renderBenchMarkdown(report));
  return { json, markdown };
}

export function renderBenchMarkdown(report: BenchRunReport): string {
  const { machine } = report;
  const targets = report.sections.flatMap((section) => section.targets.map((target) => ({ section, target })));
  const lines = [
    '# Benchmarks: what resumability costs, against what a team would do without it',
    '',
    `Run on ${report.generatedAt} (${report.size} sizes), in ${formatNumber(report.durationMs / 1000)} s.`,
    '',
    `- Machine: ${machine.cpus} CPU cores (${machine.cpuModel}), ${machine.totalMemoryGb} GB RAM, ${machine.platform}`,
    `- Node.js ${machine.node}, Redis ${machine.redis}, PostgreSQL ${machine.postgres}`,
    `- Load average (1 min) when the run started: ${machine.loadAverage1m}` +
      (machine.loadAverage1m > machine.cpus ? ' (above the core count: other work shared the CPUs, expect wider spreads)' : ''),
    `- Stack: ${report.stack}`,
    '',
    'Every figure is a median with its spread (interquartile range and min–max over the rounds or samples). A ratio compares a ' +
      'figure with the baseline named beside it, measured in the same run; where variants ran in interleaved rounds it is the ' +
      'median of the per-round ratios. Absolute numbers depend on the machine; the ratios are what carries over.',
    '',
    `Completion of a job timed in process (sections 1, 2, 7): ${COMPLETION_METHOD}.`,
    '',
    '## Targets',
    '',
    '| section | target | measured | met |',
    '|---|---|---|---|',
    ...targets.map(({ section, target }) => `| ${section.number} | ${target.target} | ${target.measured} | ${target.met ? 'yes' : `**no**: ${target.reason ?? ''}`} |`),
    '',
    ...report.sections.flatMap(renderSection),
  ];
  return `${lines.join('\n')}\n`;
}

function renderSection(section: SectionReport): string[] {
  return [
    `## ${section.number}. ${section.title}`,
    '',
    section.measures,
    '',
    '| figure | median | IQR | min–max | unit | ratio to baseline | baseline |',
    '|---|---:|---:|---:|---|---:|---|',
    ...section.figures.map(renderFigure),
    '',
    ...section.targets.flatMap((target) => [`- Target: ${target.target}: ${target.measured}, **${target.met ? 'met' : 'missed'}**${target.reason ? ` (${target.reason})` : ''}.`]),
    ...(section.targets.length > 0 ? [''] : []),
    ...section.charts.flatMap(renderChart),
    ...section.notes.map((note) => `- ${note}`),
    '',
  ];
}

function renderFigure(figure: Figure): string {
  const v = figure.value;
  const ratio = figure.ratio ? `${formatNumber(figure.ratio.median)}× (${formatNumber(figure.ratio.min)}–${formatNumber(figure.ratio.max)})` : '';
  return `| ${figure.label} | ${formatNumber(v.median)} | ${range(v.q1, v.q3)} | ${range(v.min, v.max)} | ${figure.unit} | ${ratio} | ${figure.baseline ?? ''} |`;
}

function range(low: number, high: number): string {
  return `${formatNumber(low)}–${formatNumber(high)}`;
}

/** A Mermaid xychart-beta bar chart; labels are quoted, numbers plain. */
function renderChart(chart: Chart): string[] {
  const labels = chart.bars.map((bar) => `"${bar.label.replaceAll('"', "'")}"`).join(', ');
  const values = chart.bars.map((bar) => round(bar.value)).join(', ');
  const top = Math.max(...chart.bars.map((bar) => bar.value), 0);
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${chart.title.replaceAll('"', "'")}"`,
    `    x-axis [${labels}]`,
    `    y-axis "${chart.yAxis}" 0 --> ${round(top * 1.1 || 1)}`,
    `    bar [${values}]`,
    '```',
    '',
  ];
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

/** The ratio table of sections 1 and 2 as aligned text, for the terminal at the end of a run. */
export function renderRatioTable(report: BenchRunReport): string {
  const rows: string[][] = [['section', 'figure', 'median', 'unit', 'ratio', 'baseline']];
  for (const section of report.sections.filter((s) => s.number <= 2)) {
    for (const figure of section.figures) {
      rows.push([String(section.number), figure.label, formatNumber(figure.value.median), figure.unit, figure.ratio ? `${formatNumber(figure.ratio.median)}×` : '', figure.baseline ?? '']);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** Every target's verdict, one line each. */
export function renderTargetLines(report: BenchRunReport): string[] {
  return report.sections.flatMap((section) =>
    section.targets.map((target) => `${target.met ? 'met   ' : 'MISSED'} ${section.number}. ${target.target}: ${target.measured}${target.reason ? ` (${target.reason})` : ''}`),
  );
}

export type { Spread };
