import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { renderMarkdown, renderSummary } from './markdown-report.js';
import { readRuns, reportsDir } from './run-store.js';
import type { ComparisonReport } from './types.js';

/** Gathers every recorded run into reports/comparison.json and .md; returns the printable summary. */
export async function writeComparisonReport(stack: string): Promise<{ report: ComparisonReport; summary: string }> {
  const runs = (await readRuns()).sort((a, b) => `${a.job}${a.variant}${a.engine}`.localeCompare(`${b.job}${b.variant}${b.engine}`));
  const report: ComparisonReport = { generatedAt: new Date().toISOString(), stack, runs };
  const dir = reportsDir();
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'comparison.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(dir, 'comparison.md'), renderMarkdown(report));
  return { report, summary: renderSummary(report) };
}
