/**
 * Everything the benchmark run started, released in reverse order exactly once: by the run's
 * `finally`, or by a signal handler, whichever comes first. A step added after the teardown began
 * (a server that finished starting after Ctrl-C) is released at once.
 */
export class Teardown {
  private readonly steps: { what: string; release: () => unknown }[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly log: (line: string) => void = (line) => console.error(line)) {}

  add(what: string, release: () => unknown): void {
    if (this.running) void this.runStep({ what, release });
    else this.steps.push({ what, release });
  }

  /** True once the release began: work still running then fails because its servers are going away. */
  get started(): boolean {
    return this.running !== undefined;
  }

  /** Releases everything; later calls return the same promise. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) await this.runStep(step);
    })();
    return this.running;
  }

  // One failing step (a server already gone) must not keep the others from running.
  private async runStep(step: { what: string; release: () => unknown }): Promise<void> {
    try {
      await step.release();
    } catch (error) {
      this.log(`bench cleanup: ${step.what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
