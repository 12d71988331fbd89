import type { ContinuableEventName } from 'resumable-jobs/continuable';
import type { LifecycleBus } from 'resumable-jobs/runtime';
import { LifecycleLog } from '../lifecycle-log.js';

/** Every continuable lifecycle event a runtime emitted; story lines name the step or the reason. */
export class ContinuableEventLog extends LifecycleLog<ContinuableEventName> {
  constructor(bus: LifecycleBus) {
    super(bus, { prefix: 'continuable.', detail: (payload) => payload.step ?? payload.reason });
  }
}
