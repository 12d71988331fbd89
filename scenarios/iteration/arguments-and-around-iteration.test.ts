import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions, ExitDecision } from 'resumable-jobs/iteration';
import { itemsByExecution } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

type Args = { names: string[]; since: string };

const seenInHooks: string[] = [];
const trace: string[] = [];

/** Greets each name, one per execution, and tries to change its own arguments on the way. */
class GreetEach extends RecordingJob<Args, string, number> {
  buildEnumerator({ names }: Args, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.array(names, { cursor });
  }
  async eachIteration(name: string, args: Args) {
    trace.push(`each:${name}`);
    args.names.push('intruder'); // a careless job mutating its arguments
    await this.record(this.args.names.indexOf(name));
  }
  protected override async aroundIteration(next: () => Promise<void>, name: string) {
    trace.push(`before:${name}`);
    await next();
    trace.push(`after:${name}`);
  }
  protected override shouldExit(): ExitDecision | Promise<ExitDecision> {
    return this.itemsThisExecution >= 1 ? 'one-per-run' : super.shouldExit();
  }
  protected override async onStart() {
    seenInHooks.push(`onStart:${this.args.names.length}:${this.args.since}`);
    await super.onStart();
  }
  protected override async onResume() {
    seenInHooks.push(`onResume:${this.args.names.length}`);
    await super.onResume();
  }
  protected override async onComplete() {
    seenInHooks.push(`onComplete:${this.args.names.join('+')}`);
    await super.onComplete();
  }
}

describe("a job's arguments and the aroundIteration wrapper (Sidekiq iterable)", () => {
  let spec: IterationSpec;
  let jobId: string;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [GreetEach]);
    await spec.startWorker();
    // A Date argument travels as JSON, as it would through Sidekiq's Redis: it arrives as its ISO string.
    jobId = await spec.enqueue(GreetEach, { names: ['ada', 'grace'], since: new Date(Date.UTC(2024, 0, 2)) });
    await spec.settled(jobId, 'completed');
  });

  it('every execution reads the arguments afresh from the job: a mutation never reaches the next one', async () => {
    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [0], 2: [1] });
    expect((await spec.stored(jobId)).data.args).toEqual({ names: ['ada', 'grace'], since: '2024-01-02T00:00:00.000Z' });
  });

  it('the arguments are there in every hook, JSON round-tripped', () => {
    expect(seenInHooks).toEqual(['onStart:2:2024-01-02T00:00:00.000Z', 'onResume:2', 'onResume:2', 'onComplete:ada+grace']);
  });

  it('aroundIteration runs once per item, is handed that item, and wraps eachIteration', () => {
    expect(trace).toEqual(['before:ada', 'each:ada', 'after:ada', 'before:grace', 'each:grace', 'after:grace']);
  });
});
