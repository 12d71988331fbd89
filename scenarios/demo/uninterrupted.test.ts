import { beforeAll, describe, expect, it } from 'vitest';
import { DemoHarness, engines, jobs } from './support/demo-harness.js';
import { expectVerdictPassed, interruptsOf } from './support/expectations.js';

/**
 * The baseline: each demo job runs from start to finish with nothing in its way. Both engines
 * must handle every item exactly once, never be interrupted, and mark the run complete.
 */
describe.each(jobs)('%s, uninterrupted', (job) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open(`uninterrupted-${job}`);
  });

  it.each(engines)('%s: handles every item exactly once, with no interruption', async (engine) => {
    const data = await demo.seed(job);

    const run = await demo.runInProcess([data], engine, 'none');

    expectVerdictPassed(await demo.judge(run));
    expect(interruptsOf(run.events)).toEqual([]);
    const [completion] = await demo.env.orm.em.fork().execute('select job, items from job_completions where job_id = ?', [run.jobIds[0]]);
    expect(completion).toEqual({ job, items: data.subjectIds.length });
  });
});
