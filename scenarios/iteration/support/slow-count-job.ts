import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { RecordingJob } from './recording-job.js';

export interface SlowCountSettings {
  itemDelayMs: number;
  /** In the first execution, hang for good right after recording this number (a worker to kill mid-work). */
  hangAfter?: number;
}

/** Counts 0..count-1, spending `itemDelayMs` on each number: long enough to be killed mid-run. */
export class SlowCount extends RecordingJob<{ count: number }, number, number, SlowCountSettings> {
  buildEnumerator({ count }: { count: number }, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(count, { cursor });
  }

  async eachIteration(n: number) {
    await new Promise((resolve) => setTimeout(resolve, this.services.itemDelayMs));
    await this.record(n);
    if (n === this.services.hangAfter && this.executions === 1) await new Promise(() => undefined);
  }
}
