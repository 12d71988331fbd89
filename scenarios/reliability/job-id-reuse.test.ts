import { beforeAll, describe, expect, it } from 'vitest';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { CheckpointStore } from 'resumable-jobs/iteration';
import { ControlFlagForEndedJobError } from 'resumable-jobs/runtime';
import { applyDemoJobTiming } from '../../src/jobs/catalog.js';
import { DemoHarness, scenarioTiming } from '../demo/support/demo-harness.js';
import type { DemoData } from '../demo/support/demo-data.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Per-job engine state lives no longer than its job. Before, a new iteration job that reused the id
 * of a job whose queue was obliterated resumed from the old job's checkpoint (66 of 100 customers
 * handled), and a control flag set after a job ended interrupted the next job with that id.
 */
describe('a job id used again after its job is gone', () => {
  let demo: DemoHarness;
  let data: DemoData;
  beforeAll(async () => {
    demo = await DemoHarness.open('reliability-job-id-reuse');
    data = await demo.seed('reports');
  });

  it("iteration: a new job with the id of an obliterated one starts at its own beginning, not at the old job's checkpoint", async () => {
    const jobId = 'reports-reused';
    const queue = demo.runtime.queue();
    const key = CheckpointStore.keyFor(demo.env.prefix, queue.name, jobId);
    // Given: a job stopped a third of the way, its checkpoint in Redis; then the queue obliterated.
    // (A resume delay of a minute: the stopped job must not resume and finish before the worker closes.)
    applyDemoJobTiming({ ...scenarioTiming, resumeDelayMs: 60_000 });
    const stopped = await demo.enqueue(data, 'iteration', jobId);
    await demo.interruptor.afterItems(demo.address(jobId), 34);
    const first = demo.runtime.startWorker();
    await waitFor('the first job to stop with a checkpoint', () => stopped.getState(), (state) => state === 'delayed');
    await first.close();
    applyDemoJobTiming(scenarioTiming);
    expect(await demo.runtime.redis.hget(key, 'cursor')).not.toBeNull();
    // (Its flag may still be waiting, if the worker closed before the 34th item: it must not stop the new job either.)
    await queue.obliterate({ force: true });
    expect(await demo.runtime.redis.exists(key)).toBe(1); // the engine's key outlived the queue

    // Run: a new job with the same id.
    const firstEvent = demo.events.length;
    const job = await demo.enqueue(data, 'iteration', jobId);
    const second = demo.runtime.startWorker();
    try {
      await demo.completion(job);
    } finally {
      await second.close();
    }
    const events = demo.events.slice(firstEvent).filter((event) => event.payload.jobId === jobId);
    // It built its enumerator with no cursor, ran as a first run, and handled all 100 customers.
    expect(events.find((event) => event.name === 'iteration.build-enumerator')!.payload.cursor).toBeNull();
    // No resume, no interruption by the old job's leftover flag: one execution from the start to the end.
    expect(events.filter((event) => !['iteration.iteration', 'iteration.flushed', 'iteration.page-query', 'iteration.size'].includes(event.name)).map((event) => event.name)).toEqual([
      'iteration.build-enumerator',
      'iteration.completed',
    ]);
    expect(events.filter((event) => event.name === 'iteration.iteration')).toHaveLength(data.subjectIds.length);
    expect(await demo.runtime.redis.exists(key)).toBe(0);
    await recordFault({
      fault: 'Queue obliterated, job id reused',
      source: 'scenarios/reliability/job-id-reuse',
      workload: 'iteration reports',
      injections: 1,
      jobsAffected: 1,
      itemsExpected: data.subjectIds.length,
      itemsLost: data.subjectIds.length - events.filter((event) => event.name === 'iteration.iteration').length,
      mode: 'raw',
      duplicateEffects: 0,
      duplicateBound: 0,
      rawReplays: 0,
      recoveryMs: null,
      note: "the stale checkpoint and flag (stamped with the old job's creation time) were ignored; the new job started at its beginning",
      passed: true,
    });
  });

  it('control flags: refused for a job that has ended, deleted when their job ends, and expiring anyway', async () => {
    const queue = demo.runtime.queue();
    const jobId = 'reports-flag-lifetime';
    const job = await demo.enqueue(data, 'continuable', jobId);
    // A flag that never applies (a cursor the job never reaches) is still there while the job waits...
    await demo.interruptor.flagAtCursor(demo.address(jobId), -1);
    const flagKey = demo.runtime.flags.key(queue.name, jobId);
    expect(await demo.runtime.redis.pttl(flagKey)).toBeGreaterThan(0); // a TTL backstop on every flag
    const worker = demo.runtime.startWorker();
    try {
      await demo.completion(job);
    } finally {
      await worker.close();
    }
    // ...and gone once the job completed.
    await waitFor('the flag of the completed job to be deleted', () => demo.runtime.redis.exists(flagKey), (n) => n === 0);
    // A flag for the ended job is refused: it would only stop the next job that reuses the id.
    const error = await demo.interruptor.flagNow(demo.address(jobId)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlFlagForEndedJobError);
    expect(await demo.runtime.redis.exists(flagKey)).toBe(0);
  });
});
