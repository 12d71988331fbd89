import { Job } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmailCampaign } from '../../src/domain/entities/email-campaign.js';
import { ledgerEntries } from '../../src/domain/side-effect-ledger.js';
import { demoJobs } from '../../src/jobs/catalog.js';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { InvalidJobArgumentsError } from 'resumable-jobs/runtime';
import { jobNameOf } from 'resumable-jobs/runtime';
import { DemoHarness, engines } from '../demo/support/demo-harness.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Arguments an operator or another service could send. Before, `{limit: -3}`, "abc" or 42 ran over
 * every pending order, `{fromId: 5, toId: 2}` completed with nothing done, and an email batch size
 * of 0 marked the campaign sent with no email sent. Now each is refused at enqueue (nothing added)
 * and, when added behind the runtime's back, fails at execution at once: one line naming the field,
 * one attempt, no effect, the campaign untouched.
 */
const hostile = {
  orders: [
    [{ limit: -3 }, 'limit'],
    ['abc', '(the arguments)'],
    [42, '(the arguments)'],
    [{ fromId: 5, toId: 2 }, 'toId'],
    [{ fromId: 'abc' }, 'fromId'],
    [{ fromId: -1 }, 'fromId'],
  ],
  reports: [
    [{ fromCustomerId: 9, toCustomerId: 1 }, 'toCustomerId'],
    [{ fromCustomerId: 1.5 }, 'fromCustomerId'],
    [null, '(the arguments)'],
  ],
  email: [
    [{ campaignId: 1, batchSize: 0 }, 'batchSize'],
    [{ campaignId: 1, batchSize: -1 }, 'batchSize'],
    [{ campaignId: 'abc' }, 'campaignId'],
    [{}, 'campaignId'],
  ],
} as const;

describe('demo jobs handed hostile arguments', () => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open('reliability-hostile-args');
  });

  describe.each(engines)('%s', (engine) => {
    it.each(Object.keys(hostile) as (keyof typeof hostile)[])('%s: refused at enqueue with a one-line error naming the field; nothing is added', async (job) => {
      const cls = demoJobs[job][engine];
      for (const [args, field] of hostile[job]) {
        const error = await demo.runtime.enqueue(cls, args as never, { jobId: `refused-${engine}-${job}` }).catch((e: unknown) => e);
        expect(error, JSON.stringify(args)).toBeInstanceOf(InvalidJobArgumentsError);
        expect((error as Error).message).toContain(`argument ${field} `);
        expect((error as Error).message).not.toContain('\n');
      }
      expect(await demo.runtime.queue().getJob(`refused-${engine}-${job}`)).toBeUndefined();
    });
  });

  it('added behind the runtime, each fails at execution at once (one attempt), naming the field, with no effect', async () => {
    const data = await demo.seed('email'); // a real campaign, so a wrong batch size could have marked it sent
    const queue = demo.runtime.queue();
    const added: { job: Job; field: string }[] = [];
    for (const engine of engines) {
      for (const job of Object.keys(hostile) as (keyof typeof hostile)[]) {
        for (const [index, [raw, field]] of hostile[job].entries()) {
          const args = job === 'email' && typeof raw === 'object' && raw && 'batchSize' in raw ? { ...raw, campaignId: (data.args as { campaignId: number }).campaignId } : raw;
          const name = jobNameOf(demoJobs[job][engine]);
          added.push({ job: await queue.add(name, { args }, { jobId: `raw-${engine}-${job}-${index}`, attempts: 3 }), field });
        }
      }
    }
    const worker = demo.runtime.startWorker({ concurrency: 4 });
    try {
      for (const { job, field } of added) {
        await waitFor(`job ${job.id} to finish`, () => job.getState(), (state) => state === 'failed' || state === 'completed', { timeoutMs: 30_000 });
        const stored = (await queue.getJob(String(job.id)))!;
        expect(await stored.getState(), String(job.id)).toBe('failed');
        expect(stored.attemptsMade, String(job.id)).toBe(1);
        expect(stored.failedReason).toContain(`argument ${field} `);
        expect(stored.failedReason).not.toContain('\n');
      }
    } finally {
      await worker.close();
    }
    expect(await ledgerEntries(demo.env.orm.em.fork(), added.map(({ job }) => String(job.id)))).toEqual([]);
    const campaign = await demo.env.orm.em.fork().findOneOrFail(EmailCampaign, (data.args as { campaignId: number }).campaignId);
    expect(campaign.status).toBe('draft');
    await recordFault({
      fault: 'Hostile job arguments (added behind the runtime)',
      source: 'scenarios/reliability/hostile-arguments',
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
      note: 'each failed at once (UnrecoverableError, 1 attempt) naming the field; no ledger row; campaign still draft',
      passed: true,
    });
  });
});
