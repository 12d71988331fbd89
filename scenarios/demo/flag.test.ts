import { beforeAll, describe, expect, it } from 'vitest';
import { cursorAfterUnit } from './support/demo-data.js';
import { DemoHarness, engines, jobs } from './support/demo-harness.js';
import { engineProbes } from './support/engine-probes.js';
import { expectVerdictPassed, interruptsOf, subjectsByExecution } from './support/expectations.js';
import { readLedger } from './support/measure-run.js';

/**
 * Deterministic interruption: a control key in Redis asks the job to stop at a precise item. The
 * plan's three stops: order 300; during customer 40 (the customer is finished, the job resumes at
 * 41); during email batch 30 (the batch is finished, the job resumes at batch 31).
 */
const stopAt = { orders: 300, reports: 40, email: 30 } as const;

describe.each(jobs)('%s, stopped by a control flag at a precise item', (job) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open(`flag-${job}`);
  });

  it.each(engines)('%s: stops right after the flagged item and resumes exactly after it', async (engine) => {
    const data = await demo.seed(job);
    const unit = stopAt[job];
    // The flag names a subject inside the unit: for email, a recipient in the middle of batch 30.
    const flagged = data.subjectIds[(unit - 1) * data.unit + Math.floor(data.unit / 2)]!;

    const run = await demo.runInProcess([data], engine, 'flag', {
      beforeStart: ([jobId]) => demo.interruptor.flagAtCursor(demo.address(jobId!), flagged),
    });

    expectVerdictPassed(await demo.judge(run));
    const ledger = await readLedger(demo.env.orm, data, run.jobIds);
    const [first, second] = subjectsByExecution(ledger);
    expect(first).toEqual(data.subjectIds.slice(0, unit * data.unit));
    expect(second).toEqual(data.subjectIds.slice(unit * data.unit));
    expect(interruptsOf(run.events).map((event) => event.payload.reason)).toEqual(['flag']);
    const resumed = run.events.filter((event) => event.name === engineProbes[engine].resumeEvent);
    expect(resumed.map((event) => engineProbes[engine].resumedCursor(event.payload))).toEqual([cursorAfterUnit(data, unit)]);
    expect(await demo.runtime.flags.get('jobs', run.jobIds[0]!)).toBeUndefined();
  });
});
