import type { ContinuableEventMap, ContinuableEventName } from '../../../src/continuable/index.js';
import type { LifecycleBus } from '../../../src/runtime/lifecycle-events.js';

type Recorded = { [K in ContinuableEventName]: { name: K; payload: ContinuableEventMap[K] } }[ContinuableEventName];

/** Every continuable lifecycle event a runtime emitted, in order, for the scenarios to read back. */
export class EventLog {
  private readonly recorded: Recorded[] = [];

  constructor(private readonly bus: LifecycleBus) {
    bus.onAny((event) => {
      if (event.name.startsWith('continuable.')) this.recorded.push(event as Recorded);
    });
  }

  /** The payloads of one job's events of one kind. */
  of<K extends ContinuableEventName>(jobId: string, name: K): ContinuableEventMap[K][] {
    return this.recorded
      .filter((event) => event.name === name && event.payload.jobId === jobId)
      .map((event) => event.payload as ContinuableEventMap[K]);
  }

  /** One job's event names in order, step names included: e.g. `step-started:process`. */
  story(jobId: string): string[] {
    return this.recorded
      .filter((event) => event.payload.jobId === jobId)
      .map((event) => {
        const short = event.name.replace('continuable.', '');
        const payload = event.payload as { step?: string; reason?: string };
        const detail = payload.step ?? payload.reason;
        return detail === undefined ? short : `${short}:${detail}`;
      });
  }

  /** Resolves with the job's next event of this kind (or an already recorded one at `index`). */
  next<K extends ContinuableEventName>(jobId: string, name: K, index = 0): Promise<ContinuableEventMap[K]> {
    const seen = this.of(jobId, name);
    if (seen.length > index) return Promise.resolve(seen[index]!);
    let count = seen.length;
    return this.bus.once(name, (payload) => payload.jobId === jobId && count++ === index);
  }
}
