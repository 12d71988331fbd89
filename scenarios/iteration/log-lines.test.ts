import type { Worker } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { logIterationEvents } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions, ExitDecision } from 'resumable-jobs/iteration';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

type Args = { items: number; stopWith?: string };

/** Counts its items; stops after the first one with the reason it is given, if any. */
class CountItems extends RecordingJob<Args, number, number> {
  buildEnumerator({ items }: Args, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(items, { cursor });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
  protected override shouldExit(): ExitDecision | Promise<ExitDecision> {
    return this.args.stopWith && this.executions === 1 ? this.args.stopWith : super.shouldExit();
  }
}

/** Each item outlasts a 1 ms runtime limit. */
class OutlastsItsLimit extends CountItems {
  static override maxJobRuntimeMs = 1;
  override async eachIteration(n: number) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await this.record(n);
  }
}

/** Holds its first item until the story lets it go, so the worker can be told to stop it meanwhile. */
class WaitsAtFirstItem extends CountItems {
  static gate: { started: () => void; release: Promise<void> } | undefined;
  override async eachIteration(n: number) {
    if (n === 0 && WaitsAtFirstItem.gate) {
      WaitsAtFirstItem.gate.started();
      await WaitsAtFirstItem.gate.release;
    }
    await this.record(n);
  }
}

/** Has nothing to do today. */
class NothingToDo extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, _options: BuildEnumeratorOptions<number>) {
    return null;
  }
  async eachIteration() {}
}

describe('the log lines of an iteration job (job-iteration log subscriber)', () => {
  let spec: IterationSpec;
  let worker: Worker;
  const lines: { jobId: string; line: string }[] = [];
  const logOf = (jobId: string) => lines.filter((entry) => entry.jobId === jobId).map((entry) => entry.line);
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [CountItems, OutlastsItsLimit, NothingToDo, WaitsAtFirstItem]);
    logIterationEvents(spec.runtime.events, (line, jobId) => lines.push({ jobId, line }));
    worker = await spec.startWorker();
  });

  it('logs the completion with its interruptions and runtime', async () => {
    const jobId = await spec.enqueue(CountItems, { items: 3 }, { jobId: 'logs-completion' });
    await spec.settled(jobId, 'completed');
    expect(logOf(jobId)).toEqual([expect.stringMatching(/^\[Iteration\] CountItems \(job logs-completion\): completed iterating, interruptions=0 runtime=\d+\.\d{3}s$/)]);
  });

  it('logs an enumerator that found nothing, and a null enumerator', async () => {
    const empty = await spec.enqueue(CountItems, { items: 0 }, { jobId: 'logs-empty' });
    const nothing = await spec.enqueue(NothingToDo, {}, { jobId: 'logs-null' });
    await spec.settled(empty, 'completed');
    await spec.settled(nothing, 'completed');
    expect(logOf(empty)[0]).toBe('[Iteration] CountItems (job logs-empty): the enumerator found nothing to iterate, interruptions=0');
    expect(logOf(nothing)).toEqual(['[Iteration] NothingToDo (job logs-null): buildEnumerator returned null, skipping the job']);
  });

  it.each([
    { case: 'its own', cls: CountItems, stopWith: 'disk-full', reason: 'disk-full' },
    { case: 'the max job runtime', cls: OutlastsItsLimit, stopWith: undefined, reason: 'max_job_runtime_exceeded' },
  ])('logs an interruption with $case reason and the cursor it stopped at', async ({ cls, stopWith, reason }) => {
    const jobId = await spec.enqueue(cls, { items: 2, stopWith }, { jobId: `logs-${reason}` });
    await spec.settled(jobId, 'completed');
    expect(logOf(jobId)[0]).toBe(`[Iteration] ${cls.name} (job logs-${reason}): interrupted and re-enqueued at cursor=0 reason=${reason}`);
  });

  it("logs the reason the worker gave when it stopped the job (job-iteration's custom interruption-adapter reason)", async () => {
    let started!: () => void;
    let release!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    WaitsAtFirstItem.gate = { started, release: new Promise<void>((resolve) => (release = resolve)) };
    const jobId = await spec.enqueue(WaitsAtFirstItem, { items: 2 }, { jobId: 'logs-worker-reason' });
    await running;

    // The worker aborts the job's signal with a reason of its own, as a queue adapter would.
    const told = worker.cancelJob(jobId, 'node-draining');
    release();
    expect(told).toBe(true);
    await spec.settled(jobId, 'completed');

    expect(logOf(jobId)[0]).toBe('[Iteration] WaitsAtFirstItem (job logs-worker-reason): interrupted and re-enqueued at cursor=0 reason=node-draining');
  });
});
