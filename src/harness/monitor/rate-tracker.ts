/** Items per second per job, over a sliding window of the last few samples (the monitor's refreshes). */
export class RateTracker {
  private readonly samples = new Map<string, { at: number; done: number }[]>();

  // 15 s: long enough that a job recording whole batches (50 emails at once) does not read as stalled.
  constructor(private readonly windowMs = 15_000) {}

  /** Records `done` at `at` and returns the rate over the window, once there are two samples. */
  sample(key: string, done: number, at: number): number | undefined {
    const kept = (this.samples.get(key) ?? []).filter((s) => at - s.at <= this.windowMs && s.done <= done);
    kept.push({ at, done });
    this.samples.set(key, kept);
    const first = kept[0]!;
    if (kept.length < 2 || at === first.at) return undefined;
    return ((done - first.done) * 1000) / (at - first.at);
  }

  /** Forgets jobs no longer shown. */
  retain(keys: Set<string>): void {
    for (const key of this.samples.keys()) if (!keys.has(key)) this.samples.delete(key);
  }
}
