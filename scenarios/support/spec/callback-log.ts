export type Hook = 'onStart' | 'onResume' | 'onShutdown' | 'onComplete' | 'onCancel';

/** Which lifecycle hooks ran, per job and execution; the spec jobs write it, the stories count it. */
export class CallbackLog {
  private readonly calls: { jobId: string; hook: Hook; execution: number }[] = [];

  record(jobId: string, hook: Hook, execution: number): void {
    this.calls.push({ jobId, hook, execution });
  }

  /** How many times each hook ran for the job (onCancel only once it ran: most stories have no cancel). */
  counts(jobId: string): Record<Exclude<Hook, 'onCancel'>, number> & { onCancel?: number } {
    const counts: Record<Exclude<Hook, 'onCancel'>, number> & { onCancel?: number } = { onStart: 0, onResume: 0, onShutdown: 0, onComplete: 0 };
    for (const call of this.calls) if (call.jobId === jobId) counts[call.hook] = (counts[call.hook] ?? 0) + 1;
    return counts;
  }

  /** The job's hooks in order, with their execution: e.g. ['onStart@1', 'onShutdown@1', 'onResume@2', …]. */
  story(jobId: string): string[] {
    return this.calls.filter((call) => call.jobId === jobId).map((call) => `${call.hook}@${call.execution}`);
  }
}
