import { formatNumber, formatWithUnit } from './format-number.js';
import type { BenchRunReport } from './types.js';

/** The results as an aligned text table, each benchmark followed by its key findings. */
export function renderConsoleTable(report: BenchRunReport): string {
  const header = ['task', 'mean', 'p50', 'p99', 'unit', 'ops/s', 'samples'];
  const lines: string[] = [];
  for (const benchmark of report.benchmarks) {
    const rows = benchmark.measurements.map((m) => [
      m.task,
      formatNumber(m.mean),
      formatNumber(m.p50),
      formatNumber(m.p99),
      `${m.unit}/${m.operation}`,
      formatNumber(m.opsPerSecond),
      String(m.samples),
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    // Text left, numbers right.
    const line = (cells: string[]) =>
      cells.map((cell, column) => (column === 0 || column === 4 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
    lines.push('', `== ${benchmark.title} ==`, line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line));
    for (const finding of benchmark.findings) lines.push(`  • ${finding.label}: ${formatWithUnit(finding.value, finding.unit)}`);
  }
  return lines.join('\n');
}
