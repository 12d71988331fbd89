import { beforeAll, describe, expect, it } from 'vitest';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { CheckpointStore } from 'resumable-jobs/iteration';
import { demoJobs } from '../../src/jobs/catalog.js';
import { jobNameOf } from 'resumable-jobs/runtime';
import { DemoHarness, engines, jobs } from '../demo/support/demo-harness.js';
import type { DemoData } from '../demo/support/demo-data.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Stored state that something other than the engines wrote: a control flag that is not JSON, an
 * engine key of the wrong Redis type, a continuation edited into garbage. Each fails its job at
 * once (one attempt, whatever the retry policy) with a message naming the key, never as raw driver
 * text, never by running on. Before, a malformed flag was swallowed by the continuable engine as
 * "an error after progress": 902 executions of one item each, then "completed".
 */
type Hostility = 'flag not JSON' | 'flag key of another type' | 'engine state of another type';
const hostilities: Hostility[] = ['flag not JSON', 'flag key of another type', 'engine state of another type'];

describe('demo jobs whose stored state was written by someone else', () => {
  let demo: DemoHarness;
  const data = {} as Record<(typeof jobs)[number], DemoData>;
  beforeAll(async () => {
    demo = await DemoHarness.open('reliability-hostile-state');
    for (const job of jobs) data[job] = await demo.seed(job);
  });

  it.each(hostilities)('%s: every job on both engines fails at its first check, once, naming the key', async (hostility) => {
    const queue = demo.runtime.queue();
    const added: { jobId: string; key: string }[] = [];
    for (const engine of engines) {
      for (const job of jobs) {
        const jobId = `${hostility.replace(/\W+/g, '-')}-${engine}-${job}`;
        const controlKey = demo.runtime.flags.key(queue.name, jobId);
        const checkpointKey = CheckpointStore.keyFor(demo.env.prefix, queue.name, jobId);
        let key = controlKey;
        if (hostility === 'flag not JSON') await demo.runtime.redis.set(controlKey, '{"kind": "now"');
        else if (hostility === 'flag key of another type') await demo.runtime.redis.hset(controlKey, { kind: 'now' });
        else if (engine === 'iteration') {
          key = checkpointKey;
          await demo.runtime.redis.set(checkpointKey, '42');
        } else {
          // Continuable keeps its state in the job's data: a continuation that is not one.
          key = 'continuation';
          await queue.add(jobNameOf(demoJobs[job][engine]), { args: data[job].args, continuation: 'step 3 please' }, { jobId });
          added.push({ jobId, key });
          continue;
        }
        await demo.enqueue(data[job], engine, jobId);
        added.push({ jobId, key });
      }
    }
    const worker = demo.runtime.startWorker({ concurrency: 3 });
    try {
      for (const { jobId, key } of added) {
        await waitFor(`job ${jobId} to finish`, () => queue.getJobState(jobId), (state) => state === 'failed' || state === 'completed', { timeoutMs: 30_000 });
        const stored = (await queue.getJob(jobId))!;
        expect(await stored.getState(), jobId).toBe('failed');
        expect(stored.attemptsMade, `${jobId}: ${stored.failedReason}`).toBe(1);
        expect(stored.failedReason, jobId).toContain(key);
        expect(stored.failedReason).not.toMatch(/^WRONGTYPE|Cannot read properties/);
      }
    } finally {
      await worker.close();
    }
    await recordFault({
      fault: `Hostile stored state: ${hostility}`,
      source: 'scenarios/reliability/hostile-stored-state',
      workload: 'all six demo jobs',
      injections: added.length,
      jobsAffected: added.length,
      itemsExpected: 0,
      itemsLost: 0,
      mode: 'none',
      duplicateEffects: 0,
      duplicateBound: 0,
      rawReplays: 0,
      recoveryMs: null,
      note: 'each job failed at once (1 attempt of 5) with a named error naming the key; nothing ran on',
      passed: true,
    });
  });
});
