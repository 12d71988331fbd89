/**
 * A consumer's jobs, as a team would write them against the installed package: the same stamping
 * job on each engine, one row per item in a table of its own (no unique key, so an item done twice
 * shows up as two rows). Written only against the package's entry points and `pg`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';

export interface StampServices {
  db: pg.Pool;
}

/** Items 1..count, each taking at least `paceMs`. */
export interface StampArgs {
  count: number;
  paceMs: number;
}

export async function createStampTable(db: pg.Pool): Promise<void> {
  await db.query('create table if not exists consumer_stamps (job text not null, item int not null, pid int not null)');
}

async function stamp(db: pg.Pool, job: string, item: number, paceMs: number): Promise<void> {
  await delay(paceMs);
  await db.query('insert into consumer_stamps (job, item, pid) values ($1, $2, $3)', [job, item, process.pid]);
}

/** Default options only: a periodic checkpoint every 5 s, Rails' 5 s resume delay. */
export class StampContinuable extends ContinuableJob<StampArgs, StampServices> {
  static jobName = 'consumer.stamp.continuable';

  async perform({ count, paceMs }: StampArgs): Promise<void> {
    const jobId = String(this.job.id);
    await this.step<number>('stamp', async (step) => {
      for (let item = (step.cursor ?? 0) + 1; item <= count; item++) {
        await stamp(this.services.db, jobId, item, paceMs);
        await step.set(item);
      }
    });
  }
}

/** Default options only: a checkpoint flush every 5 s, re-enqueued at once. */
export class StampIteration extends IterationJob<StampArgs, number, number, StampServices> {
  static jobName = 'consumer.stamp.iteration';

  buildEnumerator({ count }: StampArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(count, { cursor });
  }

  async eachIteration(index: number): Promise<void> {
    await stamp(this.services.db, String(this.context.job.id), index + 1, this.args.paceMs);
  }
}
