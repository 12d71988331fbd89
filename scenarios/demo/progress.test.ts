import { beforeAll, describe, expect, it } from 'vitest';
import { cursorAfterUnit } from './support/demo-data.js';
import { DemoHarness, engines, jobs } from './support/demo-harness.js';
import { engineProbes } from './support/engine-probes.js';
import { expectVerdictPassed, interruptsOf, subjectsByExecution } from './support/expectations.js';
import { readLedger } from './support/measure-run.js';

/**
 * Progress-based interruption: the worker stops every execution after exactly N items (an item
 * budget), the plan's "interrupt after exactly N items", so each execution does N and no more.
 */
const budget = { orders: 300, reports: 40, email: 30 } as const;

describe.each(jobs)('%s, stopped after exactly N items of every execution', (job) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open(`progress-${job}`);
  });

  it.each(engines)('%s: each execution does exactly the budget, then the next resumes after it', async (engine) => {
    const data = await demo.seed(job);
    const units = data.subjectIds.length / data.unit;
    const perExecution = budget[job];

    const run = await demo.runInProcess([data], engine, 'progress', { limits: { itemBudget: perExecution } });

    expectVerdictPassed(await demo.judge(run));
    const ledger = await readLedger(demo.env.orm, data, run.jobIds);
    const executions = subjectsByExecution(ledger);
    expect(executions.map((subjects) => subjects.length)).toEqual(
      Array.from({ length: Math.ceil(units / perExecution) }, (_, i) => Math.min(perExecution, units - i * perExecution) * data.unit),
    );
    const stops = Array.from({ length: Math.ceil(units / perExecution) - 1 }, (_, i) => cursorAfterUnit(data, (i + 1) * perExecution));
    expect(interruptsOf(run.events).map((event) => event.payload.reason)).toEqual(stops.map(() => 'budget'));
    const resumed = run.events.filter((event) => event.name === engineProbes[engine].resumeEvent);
    expect(resumed.map((event) => engineProbes[engine].resumedCursor(event.payload))).toEqual(stops);
  });
});
