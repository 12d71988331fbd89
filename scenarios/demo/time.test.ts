import { beforeAll, describe, expect, it } from 'vitest';
import { DemoHarness, engines, jobs } from './support/demo-harness.js';
import { engineProbes } from './support/engine-probes.js';
import { expectVerdictPassed, interruptsOf } from './support/expectations.js';

/**
 * Time-based interruption: the worker gives every execution at most N ms (a max runtime, as
 * job-iteration's `max_job_runtime`), then the job checkpoints and goes back in the queue. How
 * many stops that takes depends on the machine; where each execution resumes must not.
 */
const maxRuntimeMs = 300;
// Simulated work per item, so each job outlasts one slice on any machine.
const perItemDelayMs = { orders: 1, reports: 10, email: 1 } as const;

describe.each(jobs)(`%s, given ${maxRuntimeMs} ms per execution`, (job) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open(`time-${job}`);
  });

  it.each(engines)('%s: stops when its time is up and resumes exactly where it stopped', async (engine) => {
    const data = await demo.seed(job);

    const run = await demo.runInProcess([data], engine, 'time', {
      limits: { maxRuntimeMs },
      processing: { perItemDelayMs: perItemDelayMs[job] },
    });

    expectVerdictPassed(await demo.judge(run));
    const interrupts = interruptsOf(run.events);
    expect(interrupts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(interrupts.map((event) => event.payload.reason))).toEqual(new Set(['time']));
    // Each resume starts after the cursor its interruption stored.
    const probe = engineProbes[engine];
    const resumedAt = run.events.filter((event) => event.name === probe.resumeEvent).map((event) => probe.resumedCursor(event.payload));
    // A continuable job stopped between two steps has no current step: it resumes at the next step's start.
    const storedAt = interrupts.map((event) =>
      engine === 'continuable' ? ((event.payload.current as [string, unknown] | undefined)?.[1] ?? null) : event.payload.cursor,
    );
    expect(resumedAt).toEqual(storedAt);
  });
});
