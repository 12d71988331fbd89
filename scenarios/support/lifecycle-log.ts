import type { LifecycleBus, LifecycleEventMap, LifecycleEventName } from 'resumable-jobs/runtime';

type Recorded<Name extends LifecycleEventName> = { [K in Name]: { name: K; payload: LifecycleEventMap[K] } }[Name];

export interface LifecycleLogOptions {
  /** Event-name prefix of the engine, e.g. `continuable.`. */
  prefix: string;
  /** The detail a story line shows after the short name (a step, a reason), if any. */
  detail(payload: Record<string, unknown>): unknown;
  /** Events a story leaves out (per-item noise). */
  omitFromStory?: readonly string[];
}

/** Every lifecycle event of one engine a runtime emitted, in order, for the scenarios to read back. */
export class LifecycleLog<Name extends LifecycleEventName> {
  private readonly recorded: Recorded<Name>[] = [];

  constructor(
    private readonly bus: LifecycleBus,
    private readonly options: LifecycleLogOptions,
  ) {
    bus.onAny((event) => {
      if (event.name.startsWith(options.prefix)) this.recorded.push(event as unknown as Recorded<Name>);
    });
  }

  /** The payloads of one job's events of one kind, in order. */
  of<K extends Name>(jobId: string, name: K): LifecycleEventMap[K][] {
    return this.recorded
      .filter((event) => event.name === name && (event.payload as { jobId: string }).jobId === jobId)
      .map((event) => event.payload as LifecycleEventMap[K]);
  }

  /** One job's events as short lines in order, e.g. `step-started:process` or `interrupted:flag`. */
  story(jobId: string): string[] {
    const omitted = this.options.omitFromStory ?? [];
    return this.recorded
      .filter((event) => (event.payload as { jobId: string }).jobId === jobId && !omitted.includes(event.name))
      .map((event) => {
        const short = event.name.slice(this.options.prefix.length);
        const detail = this.options.detail(event.payload as unknown as Record<string, unknown>);
        return detail === undefined ? short : `${short}:${String(detail)}`;
      });
  }

  /** Resolves with the job's event of this kind number `index` (0-based), recorded or still to come. */
  next<K extends Name>(jobId: string, name: K, index = 0): Promise<LifecycleEventMap[K]> {
    const seen = this.of(jobId, name);
    if (seen.length > index) return Promise.resolve(seen[index]!);
    let count = seen.length;
    return this.bus.once(name, (payload) => (payload as { jobId: string }).jobId === jobId && count++ === index);
  }
}
