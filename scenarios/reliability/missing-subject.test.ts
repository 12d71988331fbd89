import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidJobArgumentsError } from 'resumable-jobs/runtime';
import { ledgerEntries } from '../../src/domain/side-effect-ledger.js';
import { demoJobs } from '../../src/jobs/catalog.js';
import { DemoHarness, engines } from '../demo/support/demo-harness.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Arguments that pass the schema but name something that is not there, and arguments JSON cannot
 * carry. A campaign id that does not exist used to burn all five attempts (a retry cannot create
 * the campaign); a BigInt gave "TypeError: Do not know how to serialize a BigInt". Now the first
 * fails once with a reason in the engine's own words, the second is refused at enqueue, named.
 */
describe('demo jobs handed arguments that pass the schema but cannot run', () => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open('reliability-missing-subject');
  });

  it.each(engines)('%s: an email job for a campaign that does not exist fails once, saying which, and sends nothing', async (engine) => {
    // Default retry policy (5 attempts): a missing subject must not use more than one.
    const job = await demo.runtime.enqueue(demoJobs.email[engine], { campaignId: 999_999 }, { jobId: `missing-campaign-${engine}` });
    const worker = demo.runtime.startWorker();
    try {
      await waitFor(`job ${job.id} to end`, () => job.getState(), (state) => state === 'failed' || state === 'completed', { timeoutMs: 60_000 });
    } finally {
      await worker.close();
    }
    const failed = (await demo.runtime.queue().getJob(String(job.id)))!;
    expect(await failed.getState()).toBe('failed');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/EmailCampaign 999999 does not exist/);
    expect(failed.failedReason).not.toContain('\n');
    // The engine's own words: continuable has steps, not an enumerator.
    if (engine === 'continuable') expect(failed.failedReason).not.toMatch(/enumerator/);
    expect(await ledgerEntries(demo.env.orm.em.fork(), [String(job.id)])).toEqual([]);
  });

  it('a BigInt argument is refused at enqueue with InvalidJobArgumentsError naming it; nothing is added', async () => {
    class PlainJob {
      static jobName = 'plain-without-schema';
      async execute(): Promise<void> {}
    }
    const attempts: [string, () => Promise<unknown>, string][] = [
      ['a demo job (with a schema)', () => demo.runtime.enqueue(demoJobs.email.iteration, { campaignId: 10n } as never, { jobId: 'bigint-schema' }), 'campaignId'],
      ['a job without a schema', () => demo.runtime.enqueue(PlainJob, { ids: [1, 2n] }, { jobId: 'bigint-plain' }), 'ids[1]'],
    ];
    for (const [label, enqueue, field] of attempts) {
      const error = await enqueue().catch((e: unknown) => e);
      expect(error, label).toBeInstanceOf(InvalidJobArgumentsError);
      expect((error as Error).message, label).toContain(`argument ${field} `);
      expect((error as Error).message, label).toMatch(/BigInt/);
    }
    expect(await demo.runtime.queue().getJob('bigint-schema')).toBeUndefined();
    expect(await demo.runtime.queue().getJob('bigint-plain')).toBeUndefined();
  });
});
