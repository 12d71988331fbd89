import { beforeAll, describe, expect, it } from 'vitest';
import { cursorAfterUnit } from './support/demo-data.js';
import { DemoHarness, engines, jobs } from './support/demo-harness.js';
import { engineProbes } from './support/engine-probes.js';
import { engineEvents, expectVerdictPassed, interruptsOf, subjectsByExecution } from './support/expectations.js';
import { readLedger } from './support/measure-run.js';

/**
 * Three interruptions in one run, each at a point chosen in advance: the next stop is requested
 * only when the previous one has happened, as an operator would during a rolling deploy.
 */
const stops = { orders: [250, 500, 750], reports: [25, 50, 75], email: [25, 50, 75] } as const;

describe.each(jobs)('%s, interrupted three times', (job) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open(`multiple-${job}`);
  });

  it.each(engines)('%s: resumes after each stop at exactly its cursor and finishes with every item once', async (engine) => {
    const data = await demo.seed(job);
    const cursors = stops[job].map((unit) => cursorAfterUnit(data, unit));
    const pending = [...cursors];
    const armNext = (jobId: string) => demo.interruptor.flagAtCursor(demo.address(jobId), pending.shift()!);
    const disarm = demo.runtime.events.on(engineEvents[engine].interrupt, (payload) => {
      if (pending.length > 0) void armNext(payload.jobId);
    });

    const run = await demo.runInProcess([data], engine, 'multiple', { beforeStart: ([jobId]) => armNext(jobId!) });
    disarm();

    expectVerdictPassed(await demo.judge(run));
    const ledger = await readLedger(demo.env.orm, data, run.jobIds);
    expect(subjectsByExecution(ledger).map((subjects) => subjects[subjects.length - 1])).toEqual([...cursors, data.subjectIds.at(-1)]);
    expect(interruptsOf(run.events).map((event) => event.payload.reason)).toEqual(['flag', 'flag', 'flag']);
    const resumed = run.events.filter((event) => event.name === engineProbes[engine].resumeEvent);
    expect(resumed.map((event) => engineProbes[engine].resumedCursor(event.payload))).toEqual(cursors);
  });
});
