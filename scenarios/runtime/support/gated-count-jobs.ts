import { ContinuableJob } from 'resumable-jobs/continuable';
import type { Step } from 'resumable-jobs/continuable';
import { IterationJob } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';

export interface GatedCountArgs {
  count: number;
}

/** One item done by one execution, in the order they happened. */
export interface DoneItem {
  jobId: string;
  execution: number;
  item: number;
}

/**
 * Lets a scenario hold an execution inside an item: `hold(jobId, execution, item)` makes that
 * execution stop at the start of that item until `release()`, and `reached` says it got there.
 * Items done are appended to `done` (the jobs run in the scenario's process).
 */
export class ItemGates {
  readonly done: DoneItem[] = [];
  private readonly held = new Map<string, { reached: () => void; released: Promise<void> }>();

  hold(jobId: string, execution: number, item: number): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.held.set(`${jobId}:${execution}:${item}`, { reached, released });
    return { reached: reachedPromise, release };
  }

  async doItem(jobId: string, execution: number, item: number): Promise<void> {
    const gate = this.held.get(`${jobId}:${execution}:${item}`);
    if (gate) {
      gate.reached();
      await gate.released;
    }
    this.done.push({ jobId, execution, item });
  }
}

export const gates = new ItemGates();
const numbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** Counts 1..count on the iteration engine, flushing its checkpoint after every item. */
export class GatedCountIteration extends IterationJob<GatedCountArgs, number, number> {
  static jobName = 'runtime.gated-count-iteration';
  static override flushIntervalMs = 0;

  buildEnumerator(args: GatedCountArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.array(numbers(args.count), { cursor });
  }

  async eachIteration(item: number): Promise<void> {
    await gates.doItem(String(this.context.job.id), this.executions, item);
  }
}

/** Counts 1..count in one continuable step, writing the continuation at every checkpoint. */
export class GatedCountContinuable extends ContinuableJob<GatedCountArgs> {
  static jobName = 'runtime.gated-count-continuable';
  static override checkpointEveryMs = 0;
  static override resume = { delayMs: 0 };

  async perform(args: GatedCountArgs): Promise<void> {
    await this.step<number>('count', async (step: Step<number>) => {
      for (let item = (step.cursor ?? 0) + 1; item <= args.count; item++) {
        await gates.doItem(String(this.job.id), this.executions, item);
        await step.set(item);
      }
    });
  }
}
