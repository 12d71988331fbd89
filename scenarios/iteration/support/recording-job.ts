import { IterationJob } from 'resumable-jobs/iteration';
import type { Cursor as CursorValue } from 'resumable-jobs/runtime';
import { recordItem } from '../../support/spec/item-ledger.js';
import type { SpecServices } from '../../support/spec/spec-services.js';

/**
 * Base of the spec jobs: logs every lifecycle hook to the CallbackLog and offers `record(subject)`,
 * which appends the item to the side-effect ledger with this execution's number. Stories that
 * override a hook call `super` so the log stays complete.
 */
export abstract class RecordingJob<Args, Item, Cursor extends CursorValue = CursorValue, Extra extends object = object> extends IterationJob<
  Args,
  Item,
  Cursor,
  SpecServices<Extra>
> {
  protected async record(subject: number): Promise<void> {
    await recordItem(this.services.orm, { jobId: String(this.context.job.id), engine: 'iteration', execution: this.executions }, subject);
  }

  protected override onStart(): void | Promise<void> {
    this.services.callbacks.record(String(this.context.job.id), 'onStart', this.executions);
  }
  protected override onResume(): void | Promise<void> {
    this.services.callbacks.record(String(this.context.job.id), 'onResume', this.executions);
  }
  protected override onShutdown(): void | Promise<void> {
    this.services.callbacks.record(String(this.context.job.id), 'onShutdown', this.executions);
  }
  protected override onComplete(): void | Promise<void> {
    this.services.callbacks.record(String(this.context.job.id), 'onComplete', this.executions);
  }
  protected override onCancel(): void | Promise<void> {
    this.services.callbacks.record(String(this.context.job.id), 'onCancel', this.executions);
  }
}
