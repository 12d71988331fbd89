import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { stampInvoicesAcrossADeploy, type Stopped } from './examples/stop-and-resume.js';

/**
 * agents.md's API walkthrough embeds the files in scenarios/docs/examples verbatim (the documents
 * check compares them); here they run as written, on the test stack, and the database says whether
 * the walkthrough's promise holds: stopped mid-way by a deploy, resumed after the stored cursor,
 * every invoice stamped exactly once.
 */
describe('the API walkthrough, run as the guide shows it', () => {
  let env: ScenarioEnvironment;
  let stopped: Stopped;
  let db: pg.Pool;
  beforeAll(async () => {
    env = await openScenario('docs-walkthrough');
    stopped = await stampInvoicesAcrossADeploy({ redisUrl: env.redisUrl, databaseUrl: env.databaseUrl, prefix: env.prefix });
    db = new pg.Pool({ connectionString: env.databaseUrl, max: 1 });
    env.onClose(() => db.end());
  });

  const stampsOf = async (job: string) =>
    (
      await db.query<{ invoice: number; times: number }>(
        'select invoice, count(*)::int as times from stamped_invoices where job = $1 group by invoice order by invoice',
        [job],
      )
    ).rows;
  const everyInvoiceOnce = Array.from({ length: 20 }, (_, i) => ({ invoice: i + 1, times: 1 }));

  it('continuable: stored the step and cursor it stopped at, then stamped every invoice exactly once', async () => {
    const { continuable } = stopped.stored;
    expect(continuable).toMatchObject({ stored: true, step: 'stamp', completedSteps: [] });
    // The flag asked for 5 items: the stored cursor is the fifth invoice, the last one done.
    expect(continuable.cursor).toBe(5);
    expect(await stampsOf(stopped.jobIds.continuable)).toEqual(everyInvoiceOnce);
  });

  it('iteration: stored the cursor of the last item done in its hash, then stamped every invoice exactly once', async () => {
    const { iteration } = stopped.stored;
    expect(iteration).toMatchObject({ stored: true, interruptions: 1, executions: 1 });
    expect(iteration.cursor).toBe(4); // times() yields 0..19: index 4 is invoice 5
    expect(await stampsOf(stopped.jobIds.iteration)).toEqual(everyInvoiceOnce);
  });
});
