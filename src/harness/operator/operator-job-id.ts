import { issueJobId } from '../../domain/issued-job-ids.js';
import type { DemoJob, Engine } from '../reporting/types.js';
import type { OperatorContext } from './operator-context.js';

/** A new operator job id such as `orders-iteration-7`: issued by the ledger's database, absent from the queue. */
export function newOperatorJobId(context: OperatorContext, job: DemoJob, engine: Engine): Promise<string> {
  const queue = context.runtime.queue();
  return issueJobId(context.orm.em.fork(), { name: `${job}-${engine}`, prefix: context.prefix }, async (jobId) => (await queue.getJob(jobId)) !== undefined);
}
