import type { IterationEventName } from '../../../src/iteration/events.js';
import type { LifecycleBus, LifecycleEventMap } from '../../../src/runtime/lifecycle-events.js';

type Recorded = { [K in IterationEventName]: { name: K; payload: LifecycleEventMap[K] } }[IterationEventName];

/** Every iteration lifecycle event a runtime emitted, in order, for the stories to read back. */
export class IterationEventLog {
  private readonly recorded: Recorded[] = [];

  constructor(private readonly bus: LifecycleBus) {
    bus.onAny((event) => {
      if (event.name.startsWith('iteration.')) this.recorded.push(event as Recorded);
    });
  }

  /** The payloads of one job's events of one kind, in order. */
  of<K extends IterationEventName>(jobId: string, name: K): LifecycleEventMap[K][] {
    return this.recorded
      .filter((event): event is Extract<Recorded, { name: K }> => event.name === name && event.payload.jobId === jobId)
      .map((event) => event.payload) as LifecycleEventMap[K][];
  }

  /** One job's event names without the `iteration.` prefix, per-item events left out. */
  story(jobId: string): string[] {
    return this.recorded
      .filter((event) => event.payload.jobId === jobId && event.name !== 'iteration.iteration')
      .map((event) => {
        const short = event.name.replace('iteration.', '');
        const detail = (event.payload as { reason?: string; trigger?: string }).reason ?? (event.payload as { trigger?: string }).trigger;
        return detail === undefined ? short : `${short}:${detail}`;
      });
  }

  /** Resolves with the job's event of this kind number `index` (0-based), recorded or still to come. */
  next<K extends IterationEventName>(jobId: string, name: K, index = 0): Promise<LifecycleEventMap[K]> {
    const seen = this.of(jobId, name);
    if (seen.length > index) return Promise.resolve(seen[index]!);
    let count = seen.length;
    return this.bus.once(name, (payload) => payload.jobId === jobId && count++ === index);
  }
}
