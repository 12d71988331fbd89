import { ContinuableJob } from 'resumable-jobs/continuable';
import { PlannedFailure } from './errors.js';
import { continuableOrigin, recordItem } from '../../support/spec/item-ledger.js';
import type { SpecServices } from '../../support/spec/spec-services.js';

export interface ProcessItemsArgs {
  /** Items 1..items are processed in order. */
  items: number;
  /** Throw when reaching this item, in every execution or only in the ones listed. */
  failAt?: { item: number; inExecutions?: number[] };
}

/**
 * The spec's standard job: one step that processes items 1..N in order, keeping the last item done
 * as its cursor (`set(item)`, resume with `item > cursor`), then a closing step. Scenarios subclass
 * it to change a static (resume delay, limits) and leave the story unchanged.
 */
export class ProcessItems extends ContinuableJob<ProcessItemsArgs, SpecServices> {
  static override resume = { delayMs: 20 };

  async perform(args: ProcessItemsArgs): Promise<void> {
    await this.step<number>('process', async (step) => {
      for (let item = (step.cursor ?? 0) + 1; item <= args.items; item++) {
        this.failIfPlanned(args, item);
        await recordItem(this.services.orm, continuableOrigin(this.job), item);
        await step.set(item);
      }
    });
    await this.step('finish', () => recordItem(this.services.orm, continuableOrigin(this.job), 0, 'spec.finished'));
  }

  private failIfPlanned({ failAt }: ProcessItemsArgs, item: number): void {
    if (!failAt || failAt.item !== item) return;
    if (failAt.inExecutions && !failAt.inExecutions.includes(this.executions)) return;
    throw new PlannedFailure(`item ${item} failed in execution ${this.executions}`);
  }
}
