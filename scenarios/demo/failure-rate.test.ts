import { beforeAll, describe, expect, it } from 'vitest';
import { isSimulatedFailure } from '../../src/domain/services/simulated-failure.js';
import { DemoHarness, engines, jobs } from './support/demo-harness.js';
import { expectVerdictPassed, interruptsOf } from './support/expectations.js';
import { readLedger } from './support/measure-run.js';

/**
 * One item in ten fails (a seeded, reproducible failure). The business rule of every demo job:
 * record the error against the item and go on, so the job completes with every item accounted
 * for: an effect, or a recorded error.
 */
const processing = { failureRate: 0.1, failureSeed: 7 };

describe.each(jobs)('%s, with 10%% of items failing', (job) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open(`failure-rate-${job}`);
  });

  it.each(engines)('%s: records exactly the failing items as errors, does the rest once, and completes', async (engine) => {
    const data = await demo.seed(job);
    const expectedFailures = data.subjectIds.filter((id) => isSimulatedFailure({ ...processing }, data.family, id, 1));

    const run = await demo.runInProcess([data], engine, 'failure-rate', { processing });

    expectVerdictPassed(await demo.judge(run));
    const ledger = await readLedger(demo.env.orm, data, run.jobIds);
    const failed = ledger.entries.filter((entry) => entry.kind === `${data.family}.error`).map((entry) => entry.subjectId);
    expect(failed).toEqual(expectedFailures);
    expect(failed.length / data.subjectIds.length).toBeGreaterThan(0.05);
    expect(failed.length / data.subjectIds.length).toBeLessThan(0.15);
    const done = [...ledger.effectsPerSubject.keys()];
    expect([...done, ...failed].sort((a, b) => a - b)).toEqual(data.subjectIds);
    expect([...ledger.effectsPerSubject.values()].every((n) => n === 1)).toBe(true);
    expect(interruptsOf(run.events)).toEqual([]);
    const [completion] = await demo.env.orm.em.fork().execute('select items from job_completions where job_id = ?', [run.jobIds[0]]);
    expect(completion).toEqual({ items: data.subjectIds.length });
  });
});
