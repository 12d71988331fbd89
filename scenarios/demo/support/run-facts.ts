import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { jobCompletionsOf } from '../../../src/domain/job-completions.js';
import { ledgerEntries } from '../../../src/domain/side-effect-ledger.js';
import type { DemoRun } from './demo-run.js';
import type { RunFacts } from './verdict.js';

/** Reads what a run left behind: its ledger rows (Postgres) and each job's state (Redis). */
export async function readRunFacts(orm: MikroORM, queue: Queue, run: DemoRun): Promise<RunFacts> {
  const em = orm.em.fork();
  const ledger = (await ledgerEntries(em, run.jobIds)).filter((entry) => entry.kind.startsWith(`${run.data.family}.`));
  const jobs = await Promise.all(
    run.jobIds.map(async (jobId, i) => {
      const job = await queue.getJob(jobId);
      return {
        jobId,
        subjectIds: run.parts[i]!.subjectIds,
        state: job ? await job.getState() : 'missing',
        completions: (await jobCompletionsOf(em, jobId)).map((completion) => completion.items),
      };
    }),
  );
  return { jobs, ledger };
}
