import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { itemsByExecution, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';
import { openSpecDatabase, seedPlainItems } from './support/spec-database.js';

/** The jobs' own page query on a plain pg pool: no ORM between the job and its rows. */
interface PlainPages {
  db: pg.Pool;
}

interface ItemRow {
  id: number;
}

/** Up to `limit` ids of a family after `after`, ascending: the whole of what keyset needs. */
async function itemsAfter(db: pg.Pool, family: string, after: number | undefined, limit: number): Promise<ItemRow[]> {
  const { rows } = await db.query<ItemRow>('select id from spec_iteration_items where family = $1 and id > $2 order by id limit $3', [family, after ?? 0, limit]);
  return rows;
}

/** Records one item at a time; pages of 3 rows, so interruptions fall inside pages and between them. */
class ItemsByKeyset extends RecordingJob<{ family: string }, ItemRow, number, PlainPages> {
  static override retryBackoffMs = 60_000;

  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.keyset((after, limit) => itemsAfter(this.services.db, family, after, limit), { cursor, batchSize: 3 });
  }

  async eachIteration(row: ItemRow) {
    await this.record(row.id);
  }
}

/** Records a page of 3 rows per iteration: a page is done or not done as a whole. */
class ItemPagesByKeyset extends RecordingJob<{ family: string }, ItemRow[], number, PlainPages> {
  static override retryBackoffMs = 60_000;

  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.keysetBatches((after, limit) => itemsAfter(this.services.db, family, after, limit), { cursor, batchSize: 3 });
  }

  async eachIteration(page: ItemRow[]) {
    for (const row of page) await this.record(row.id);
  }
}

describe('a keyset job over its own pg page query, interrupted and resumed', () => {
  let spec: IterationSpec<PlainPages>;
  beforeAll(async () => {
    const pages = {} as PlainPages;
    spec = await openIterationSpec(import.meta.url, [ItemsByKeyset, ItemPagesByKeyset], {
      extra: pages,
      database: async (env) => {
        pages.db = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
        env.onClose(() => pages.db.end());
        return openSpecDatabase(env);
      },
    });
    // Default settings otherwise: checkpoint flush every 5 s, no idempotency keys in the jobs.
    await spec.startWorker({ itemBudget: 2 });
  });

  it('keyset: stopped after every 2 rows, each execution starts right after the stored id; every row once', async () => {
    const ids = await seedPlainItems(spec.orm, 'keyset-rows', 7);
    const jobId = await spec.enqueue(ItemsByKeyset, { family: 'keyset-rows' }, { jobId: 'keyset-rows' });

    for (const k of [1, 2, 3]) {
      await spec.settled(jobId, 'delayed');
      expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: String(ids[2 * k - 1]), interruptions: String(k) });
      await spec.resume(jobId);
    }
    const job = await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: ids.slice(0, 2), 2: ids.slice(2, 4), 3: ids.slice(4, 6), 4: ids.slice(6) });
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    expect(job.returnvalue).toMatchObject({ outcome: 'completed', cursor: ids[6], executions: 4, interruptions: 3 });
    expect(await spec.checkpoint(jobId)).toEqual({});
  });

  it('keysetBatches: stopped after every 2 pages, resumes at the next page by its last id; every row once', async () => {
    const ids = await seedPlainItems(spec.orm, 'keyset-pages', 8);
    const jobId = await spec.enqueue(ItemPagesByKeyset, { family: 'keyset-pages' }, { jobId: 'keyset-pages' });

    await spec.settled(jobId, 'delayed');
    expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: String(ids[5]), interruptions: '1' });
    await spec.resume(jobId);
    const job = await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: ids.slice(0, 6), 2: ids.slice(6) });
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    expect(job.returnvalue).toMatchObject({ outcome: 'completed', cursor: ids[7], executions: 2, interruptions: 1 });
  });
});
