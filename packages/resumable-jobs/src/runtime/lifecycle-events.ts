import { EventEmitter } from 'node:events';

/** Fields every lifecycle event carries. */
export interface LifecycleEventBase {
  /** The engine that emitted it; each engine's events narrow this to its own name. */
  engine: string;
  jobId: string;
  jobName: string;
  /** Wall-clock ms when the event happened. */
  at: number;
}

/**
 * The map of lifecycle event names to payloads. Empty here: each engine adds its own events by
 * declaration merging (`declare module '../runtime/lifecycle-events.js' { interface LifecycleEventMap … }`),
 * so the runtime stays engine-agnostic and every consumer is still fully typed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface LifecycleEventMap {}

/** The name of every event the engines emit on the bus (`continuable.interrupt`, `iteration.interrupted`, ...). */
export type LifecycleEventName = keyof LifecycleEventMap & string;
/** Any event the bus carries, with its name: what `LifecycleBus.onAny` listeners receive. */
export type AnyLifecycleEvent = [LifecycleEventName] extends [never]
  ? { name: string; payload: unknown }
  : { [K in LifecycleEventName]: { name: K; payload: LifecycleEventMap[K] } }[LifecycleEventName];

/** Options of {@link LifecycleBus.onAny}. */
export interface OnAnyOptions {
  /**
   * Events this listener does not want: typically the per-item ones (`iterationPerItemEvents`). The
   * engines ask {@link LifecycleBus.wants} before building a per-item payload, so a listener that
   * excludes them costs the item loop nothing, where an unfiltered one makes every item build and
   * deliver an event.
   */
  except?: Iterable<string>;
}

/** A typed event bus shared by a runtime's workers, the monitor, the reporter and scenarios. */
export class LifecycleBus {
  private readonly emitter = new EventEmitter();
  /** What each `onAny` listener with `except` leaves out (few listeners: scanned per question). */
  private readonly exclusions: ReadonlySet<string>[] = [];
  /** What `wants` answered per name since the listeners last changed. */
  private readonly wanted = new Map<string, boolean>();

  constructor() {
    // Scenarios attach several listeners per event; this is not a leak.
    this.emitter.setMaxListeners(100);
    // Whatever adds or removes a listener (on, onAny, once) drops what `wants` answered.
    this.emitter.on('newListener', () => this.wanted.clear());
    this.emitter.on('removeListener', () => this.wanted.clear());
  }

  /**
   * Does anyone listen to `name` (or to every event)? An engine asks before it builds a payload it
   * would emit once per item, so that nobody listening costs nothing.
   */
  wants(name: LifecycleEventName): boolean {
    // Asked once per item: answered from a cache that is dropped whenever a listener comes or goes.
    let answer = this.wanted.get(name);
    if (answer === undefined) this.wanted.set(name, (answer = this.computeWants(name)));
    return answer;
  }

  private computeWants(name: LifecycleEventName): boolean {
    if (this.emitter.listenerCount(name) > 0) return true;
    const all = this.emitter.listenerCount('*');
    if (all === 0) return false;
    // Every '*' listener has an exclusion set or none; one without, or one not excluding this name, wants it.
    if (all > this.exclusions.length) return true;
    return this.exclusions.some((excluded) => !excluded.has(name));
  }

  emit<K extends LifecycleEventName>(name: K, payload: LifecycleEventMap[K]): void {
    this.emitter.emit(name, payload);
    this.emitter.emit('*', { name, payload });
  }

  on<K extends LifecycleEventName>(name: K, listener: (payload: LifecycleEventMap[K]) => void): () => void {
    this.emitter.on(name, listener as (payload: unknown) => void);
    return () => this.emitter.off(name, listener as (payload: unknown) => void);
  }

  /** Every event (or every one but `options.except`), with its name; returns the unsubscribe. */
  onAny(listener: (event: AnyLifecycleEvent) => void, options: OnAnyOptions = {}): () => void {
    if (options.except === undefined) {
      const untyped = listener as (event: unknown) => void;
      this.emitter.on('*', untyped);
      return () => this.emitter.off('*', untyped);
    }
    const excluded: ReadonlySet<string> = new Set(options.except);
    const filtered = (event: AnyLifecycleEvent) => {
      if (!excluded.has(event.name)) listener(event);
    };
    this.emitter.on('*', filtered as (event: unknown) => void);
    this.exclusions.push(excluded);
    return () => {
      this.emitter.off('*', filtered as (event: unknown) => void);
      this.exclusions.splice(this.exclusions.indexOf(excluded), 1);
    };
  }

  /** Resolves with the first event of `name` that matches. */
  once<K extends LifecycleEventName>(
    name: K,
    matches: (payload: LifecycleEventMap[K]) => boolean = () => true,
  ): Promise<LifecycleEventMap[K]> {
    return new Promise((resolve) => {
      const off = this.on(name, (payload) => {
        if (!matches(payload)) return;
        off();
        resolve(payload);
      });
    });
  }
}
