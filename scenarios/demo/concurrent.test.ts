import { beforeAll, describe, expect, it } from 'vitest';
import { seedCampaign } from '../../src/harness/seeding/index.js';
import { cursorAfterUnit, splitDemoData, type DemoData } from './support/demo-data.js';
import { DemoHarness, engines, jobs } from './support/demo-harness.js';
import { engineProbes } from './support/engine-probes.js';
import { expectVerdictPassed, interruptsOf } from './support/expectations.js';
import { readLedger } from './support/measure-run.js';

/**
 * Three jobs of the same kind at once on one worker (concurrency 3), each over its own third of
 * the data and each interrupted half-way: their checkpoints must not leak into one another.
 */
async function threeJobsOf(demo: DemoHarness, job: (typeof jobs)[number]): Promise<DemoData[]> {
  if (job !== 'email') return splitDemoData(await demo.seed(job), 3);
  // Email jobs are per campaign: three campaigns sharing the 5,000 recipients.
  const parts: DemoData[] = [];
  for (const [i, recipients] of [1_700, 1_650, 1_650].entries()) {
    const { campaignId, recipientIds } = await seedCampaign(demo.env.orm.em.fork(), recipients, 100 + i);
    parts.push({ job, family: 'email', subjectIds: recipientIds, args: { campaignId, batchSize: 50 }, unit: 50 });
  }
  return parts;
}

describe.each(jobs)('%s, three jobs running at once', (job) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open(`concurrent-${job}`);
  });

  it.each(engines)('%s: each job resumes from its own checkpoint and touches only its own items', async (engine) => {
    const parts = await threeJobsOf(demo, job);
    const halfWay = parts.map((part) => cursorAfterUnit(part, Math.floor(part.subjectIds.length / part.unit / 2)));

    const run = await demo.runInProcess(parts, engine, 'concurrent', {
      concurrency: 3,
      beforeStart: async (jobIds) => {
        await Promise.all(jobIds.map((jobId, i) => demo.interruptor.flagAtCursor(demo.address(jobId), halfWay[i])));
      },
    });

    // Each job handled exactly its own items once, resumed right after its own stop and completed.
    expectVerdictPassed(await demo.judge(run));
    const probe = engineProbes[engine];
    for (const [i] of parts.entries()) {
      const jobId = run.jobIds[i]!;
      const own = run.events.filter((event) => event.payload.jobId === jobId);
      expect(interruptsOf(own)).toHaveLength(1);
      expect(own.filter((event) => event.name === probe.resumeEvent).map((event) => probe.resumedCursor(event.payload))).toEqual([halfWay[i]]);
    }
    // Across jobs: every subject handled by exactly one job.
    const all = await readLedger(demo.env.orm, run.data, run.jobIds);
    expect(all.entries.length).toBe(run.data.subjectIds.length);
  });
});
