import { QueueEvents } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { countHandledSubjects } from '../../src/domain/side-effect-ledger.js';
import { Interruptor } from '../../src/harness/interruptor/interruptor.js';
import { seedPendingOrders } from '../../src/harness/seeding/index.js';
import { allDemoJobClasses, applyDemoJobTiming, demoJobs } from '../../src/jobs/catalog.js';
import type { DemoServices } from '../../src/jobs/shared/demo-services.js';
import { readPublishedProgress, type PublishedProgress } from 'resumable-jobs/runtime';
import type { Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';

const ORDERS = 300;
const PER_ITEM_MS = 3; // ~1 s of work per job, so the job spans several publishing intervals
const PUBLISH_EVERY_MS = 250;
const INTERRUPT_AFTER = 100;

describe('Progress: both engines publish it through BullMQ, throttled, never per item', () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<DemoServices>;
  let queueEvents: QueueEvents;
  const progressEvents = new Map<string, PublishedProgress[]>();

  beforeAll(async () => {
    applyDemoJobTiming({ resumeDelayMs: 10, durableEveryMs: 300 });
    env = await openScenario('progress-published');
    runtime = env
      .runtime<DemoServices>({ services: { orm: env.orm, processing: { perItemDelayMs: PER_ITEM_MS } }, progressIntervalMs: PUBLISH_EVERY_MS })
      .register(...allDemoJobClasses);
    // Count what any BullMQ tool sees: the queue's 'progress' events.
    queueEvents = new QueueEvents(runtime.defaultQueueName, { connection: { url: env.redisUrl }, prefix: env.prefix });
    env.onClose(() => queueEvents.close());
    queueEvents.on('progress', ({ jobId, data }) => {
      const progress = readPublishedProgress(data);
      if (progress) progressEvents.set(jobId, [...(progressEvents.get(jobId) ?? []), progress]);
    });
    await queueEvents.waitUntilReady();
    runtime.startWorker();
  });

  it.each(['continuable', 'iteration'] as const)(
    '%s: an interrupted and resumed job publishes a few times, far fewer than its items, and ends with the ledger count',
    async (engine) => {
      // given: pending orders of their own, and a stop requested after some of them
      const seeded = await seedPendingOrders(env.orm.em.fork(), ORDERS, engine === 'continuable' ? 1 : 2);
      const args = { fromId: seeded.orderIds[0], toId: seeded.orderIds.at(-1) };
      const startedAt = Date.now();
      const job = await runtime.enqueue(demoJobs.orders[engine], args);
      const jobId = String(job.id);
      await new Interruptor(runtime.flags).afterItems({ queueName: runtime.defaultQueueName, jobId }, INTERRUPT_AFTER);

      // run: to completion, across the interruption
      await waitFor('the job to complete', () => job.getState(), (state) => state === 'completed', { timeoutMs: 30_000 });
      const elapsedMs = Date.now() - startedAt;
      const published = await waitFor(
        'the completed progress to arrive',
        () => progressEvents.get(jobId) ?? [],
        (list) => list.at(-1)?.state === 'completed',
      );

      // assert: a few progress writes, bounded by the interval, none per item
      const handled = await countHandledSubjects(env.orm.em.fork(), jobId, 'order');
      expect(handled).toBe(ORDERS);
      expect(published.length).toBeGreaterThanOrEqual(4); // start, ticks, the stop, the resume, the end
      // Per execution: one at the start, one per interval at most, one at the end.
      expect(published.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / PUBLISH_EVERY_MS) + 2 * 2);
      expect(published.length).toBeLessThan(ORDERS / 5);
      expect(published.some((p) => p.state === 'running' && p.items > 0 && p.items < ORDERS)).toBe(true);
      expect(published.find((p) => p.state === 'interrupted')).toMatchObject({ items: INTERRUPT_AFTER, interruptions: 1 });

      // and the last word agrees with the ledger and the data
      const last = published.at(-1)!;
      expect(last).toMatchObject({ engine, state: 'completed', items: handled, interruptions: 1, cursor: seeded.orderIds.at(-1) });
      if (engine === 'continuable') expect(last.step).toBe('finalize');
      expect(last.checkpointAt).toBeGreaterThanOrEqual(startedAt);
      const stored = readPublishedProgress((await runtime.queue().getJob(jobId))?.progress);
      expect(stored).toEqual(last);
    },
  );
});
