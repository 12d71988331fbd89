import type { Reporter, Vitest } from 'vitest/node';
import { clearRuns } from './run-store.js';
import { writeComparisonReport } from './write-comparison-report.js';

/**
 * Turns the rows the demo scenarios recorded into reports/comparison.{json,md} when `npm test`
 * ends, and prints the side-by-side summary. Rows from an earlier run are cleared first and the
 * report is always rewritten, so it describes this run only: a run that recorded no row writes a
 * report saying so rather than leaving an older one in place.
 */
export default class ComparisonReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  async onTestRunStart(): Promise<void> {
    await clearRuns();
  }

  async onTestRunEnd(): Promise<void> {
    const provided = this.vitest?.getRootProject().getProvidedContext() as { stack?: { description?: string; mode?: string } } | undefined;
    const stack = provided?.stack?.description ?? provided?.stack?.mode ?? 'unknown';
    const { summary } = await writeComparisonReport(stack);
    process.stdout.write(summary);
  }
}
