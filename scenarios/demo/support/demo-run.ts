import type { Engine, RunSettings, Variant } from '../../../src/harness/reporting/types.js';
import type { DemoData } from './demo-data.js';
import type { RunExpectation, Verdict } from './verdict.js';
import type { ObservedEvent, RunObservation } from './measure-run.js';

export interface DemoRunOptions {
  /** One part per job: a single job, or the concurrent variant's three. */
  parts: DemoData[];
  engine: Engine;
  variant: Variant;
  jobIds: string[];
  /** Where this run's lifecycle events arrive, and how many had arrived before it began. */
  events: readonly ObservedEvent[];
  settings: RunSettings;
}

/**
 * One run of a demo scenario, from the moment its jobs are enqueued: what it ran, the events it
 * produced, what the scenario documents about it and, once judged, its verdict. The harness records
 * it as a report row when the test ends, whether the test passed or not.
 */
export class DemoRun implements RunObservation {
  /** When the clock of the run started: its jobs' enqueueing (see `enqueued`). */
  enqueuedAt = Date.now();
  readonly parts: DemoData[];
  readonly engine: Engine;
  readonly variant: Variant;
  readonly jobIds: string[];
  readonly settings: RunSettings;
  /** What the scenario documents beyond "every item once" (a crash's replays, stored cursors). */
  expectation: RunExpectation = {};
  crash?: RunObservation['crash'];
  verdict?: Verdict;
  private finishedAt_: number | undefined;
  private readonly sources: (() => readonly ObservedEvent[])[];

  constructor(options: DemoRunOptions) {
    this.parts = options.parts;
    this.engine = options.engine;
    this.variant = options.variant;
    this.jobIds = options.jobIds;
    this.settings = options.settings;
    const firstEvent = options.events.length;
    this.sources = [() => options.events.slice(firstEvent)];
  }

  /** Every subject of the run, in order (the parts concatenated). */
  get data(): DemoData {
    const [first, ...rest] = this.parts;
    return rest.length === 0 ? first! : { ...first!, subjectIds: this.parts.flatMap((part) => part.subjectIds) };
  }

  /** Starts the run's clock now: its jobs are being enqueued (after any worker process started). */
  enqueued(): void {
    this.enqueuedAt = Date.now();
  }

  /** Also collects the lifecycle events of a worker process (sigterm and crash runs). */
  watch(worker: { events: readonly { name: string; payload: unknown }[] }): void {
    this.sources.push(() => worker.events as readonly ObservedEvent[]);
  }

  /** The run's jobs are done (or given up on): wall time stops here. */
  finish(): void {
    this.finishedAt_ ??= Date.now();
  }

  get finishedAt(): number {
    return this.finishedAt_ ?? Date.now();
  }

  /** This run's lifecycle events, in arrival order per source. */
  get events(): ObservedEvent[] {
    return this.sources.flatMap((source) => source()).filter((event) => this.jobIds.includes(String(event.payload.jobId)));
  }
}
