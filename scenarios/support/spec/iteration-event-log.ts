import type { IterationEventName } from 'resumable-jobs/iteration';
import type { LifecycleBus } from 'resumable-jobs/runtime';
import { LifecycleLog } from '../lifecycle-log.js';

/** Every iteration lifecycle event a runtime emitted; story lines leave out the per-item, size and page-query events. */
export class IterationEventLog extends LifecycleLog<IterationEventName> {
  constructor(bus: LifecycleBus) {
    super(bus, {
      prefix: 'iteration.',
      detail: (payload) => payload.reason ?? payload.trigger,
      omitFromStory: ['iteration.iteration', 'iteration.size', 'iteration.page-query'],
    });
  }
}
