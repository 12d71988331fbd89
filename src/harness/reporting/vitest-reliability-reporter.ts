import type { Reporter, Vitest } from 'vitest/node';
import { clearFaultRows, readFaultRows } from './reliability-recorder.js';
import { writeReliabilityReport } from './write-reliability-report.js';

/**
 * Turns the fault rows the reliability scenarios (and a soak) recorded into
 * reports/reliability.{json,md} when the test run ends. Rows of an earlier run are cleared first.
 */
export default class ReliabilityReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  async onTestRunStart(): Promise<void> {
    await clearFaultRows();
  }

  async onTestRunEnd(): Promise<void> {
    // A run without reliability scenarios keeps the last report.
    if ((await readFaultRows()).length === 0) return;
    const provided = this.vitest?.getRootProject().getProvidedContext() as { stack?: { description?: string; mode?: string } } | undefined;
    const { summary } = await writeReliabilityReport(provided?.stack?.mode ?? 'unknown');
    process.stdout.write(summary);
  }
}
