import { countHandledSubjects } from '../domain/side-effect-ledger.js';
import { demoJobs } from '../jobs/catalog.js';
import { seedJobData } from '../harness/operator/demo-data.js';
import { formatUnits, jobUnits } from '../harness/operator/demo-jobs.js';
import { listDemoJobs, loadDemoJob, type DemoJobView } from '../harness/operator/demo-job-view.js';
import { describeCheckpoint, explainCursor } from '../harness/operator/describe-checkpoint.js';
import { OperatorError } from '../harness/operator/errors.js';
import { openOperatorContext, type OperatorContext } from '../harness/operator/operator-context.js';
import { newOperatorJobId } from '../harness/operator/operator-job-id.js';
import { sideBySide } from '../harness/operator/side-by-side.js';
import { readStoredProgress, storedCursor } from '../harness/operator/stored-progress.js';
import { CliUsageError } from './errors.js';
import type { JobsCommand } from './jobs-args.js';
import { resolveServers } from './servers.js';

/** The work behind `npm run jobs -- <command>`. Returns the exit code. */
export async function runJobs(command: JobsCommand): Promise<number> {
  const servers = resolveServers();
  const context = await openOperatorContext(servers.redis.url, servers.database.url);
  try {
    switch (command.kind) {
      case 'enqueue':
        return await enqueue(context, command);
      case 'interrupt':
        return await interrupt(context, command);
      case 'cancel':
        return await cancel(context, command.jobId);
      case 'checkpoint':
        return await checkpoint(context, command.jobId);
      case 'resume':
        return await resume(context, command.jobId);
      case 'status':
        return await status(context);
      case 'list':
        return await list(context);
    }
  } finally {
    await context.close();
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function enqueue(context: OperatorContext, command: Extract<JobsCommand, { kind: 'enqueue' }>): Promise<number> {
  const data = await seedJobData(context.orm.em.fork(), command.job, command.profile, command.seed);
  const jobId = await newOperatorJobId(context, command.job, command.engine);
  await context.runtime.enqueue(demoJobs[command.job][command.engine], data.args, { jobId });
  const unit = jobUnits[command.job];
  const size = formatUnits(command.job, Math.ceil(data.subjectIds.length / unit.size), unit.subjects ? data.subjectIds.length : undefined);
  say(`enqueued ${jobId}: ${command.job} on ${command.engine}, ${size} (ids ${data.subjectIds[0]}-${data.subjectIds.at(-1)})`);
  say(`next: a worker runs it (npm run worker); npm run jobs -- interrupt ${jobId} --at N stops it at item N`);
  return 0;
}

async function interrupt(context: OperatorContext, command: Extract<JobsCommand, { kind: 'interrupt' }>): Promise<number> {
  const view = await loadDemoJob(context, command.jobId);
  if (view.state === 'completed' || view.state === 'failed') {
    throw new OperatorError(`job ${view.jobId} has ${view.state}; there is nothing to interrupt`);
  }
  const unit = jobUnits[view.job];
  const units = Math.ceil(view.subjectIds.length / unit.size);
  const { flags, defaultQueueName: queueName } = context.runtime;
  const { request } = command;
  // 0 and negatives never get here (the option schema); past the end needs the job's size.
  const pastTheEnd = (flag: string) =>
    new CliUsageError(`jobs: ${flag} must be from 1 to ${units - 1}: job ${view.jobId} has ${units} ${unit.plural}`);
  let what: string;
  switch (request.kind) {
    case 'now':
      await flags.set(queueName, view.jobId, { kind: 'now' });
      what = 'stop at its next item';
      break;
    case 'at': {
      if (request.unit >= units) throw pastTheEnd('--at');
      const cursor = view.subjectIds[request.unit * unit.size - 1]!;
      await flags.set(queueName, view.jobId, { kind: 'at-cursor', cursor });
      what = `stop at ${unit.singular} ${request.unit} (cursor ${cursor})`;
      break;
    }
    case 'after-items':
      if (request.items >= units) throw pastTheEnd('--after-items');
      await flags.set(queueName, view.jobId, { kind: 'after-items', items: request.items });
      what = `stop after ${formatUnits(view.job, request.items)} of its current execution`;
      break;
    case 'after-seconds':
      await flags.set(queueName, view.jobId, { kind: 'after-ms', ms: Math.round(request.seconds * 1000) });
      what = `stop after ${request.seconds} s of its current execution`;
      break;
  }
  say(`interrupt flag set for ${view.jobId} (${view.state}): ${what}; one-shot, the resumed execution runs on`);
  return 0;
}

async function cancel(context: OperatorContext, jobId: string): Promise<number> {
  if (!(await context.runtime.queue().getJob(jobId))) {
    throw new CliUsageError(`jobs: no job "${jobId}" in the demo queue; npm run jobs -- list shows the ids there are`);
  }
  const view = await loadDemoJob(context, jobId);
  if (view.state === 'completed' || view.state === 'failed') {
    throw new OperatorError(`job ${view.jobId} has ${view.state}; there is nothing to cancel`);
  }
  const { cancelledAt } = await context.runtime.cancel(view.jobId);
  say(
    `${view.jobId}: cancelled (asked at ${new Date(cancelledAt).toISOString()}, ${view.state}); it ends at its next item, ` +
      'runs onCancel and completes as cancelled (a worker must run it: npm run worker)',
  );
  return 0;
}

async function checkpoint(context: OperatorContext, jobId: string): Promise<number> {
  const view = await loadDemoJob(context, jobId);
  const stored = await readStoredProgress(context.runtime.redis, context.runtime.queue(), context.prefix, view.bullJob, view.engine);
  say(`${view.jobId}: ${view.job} on ${view.engine}, ${describeState(view)}`);
  if (view.state === 'completed' && view.engine === 'continuable') say('(completed: below is the last continuation it wrote; nothing is left to resume)');
  for (const line of describeCheckpoint(view.job, view.subjectIds, stored)) say(line);
  return 0;
}

async function resume(context: OperatorContext, jobId: string): Promise<number> {
  const view = await loadDemoJob(context, jobId);
  switch (view.state) {
    case 'delayed':
      await view.bullJob.promote();
      say(`${view.jobId}: moved from delayed to waiting; a running worker (npm run worker) resumes it now`);
      return 0;
    case 'failed':
      await view.bullJob.retry('failed');
      say(`${view.jobId}: failed job retried; it resumes from its checkpoint`);
      return 0;
    case 'completed':
      throw new OperatorError(`job ${view.jobId} has completed; there is nothing to resume`);
    default:
      say(`${view.jobId}: already ${view.state}${view.state === 'waiting' ? ' (no worker running? npm run worker)' : ''}; nothing to do`);
      return 0;
  }
}

async function status(context: OperatorContext): Promise<number> {
  const views = await listDemoJobs(context);
  if (views.length === 0) {
    say('no demo jobs yet; npm run jobs -- enqueue orders --engine continuable adds one');
    return 0;
  }
  const rows = await Promise.all(
    views.map(async (view) => {
      const unit = jobUnits[view.job];
      const done = await countHandledSubjects(context.orm.em.fork(), view.jobId, unit.family);
      const stored = await readStoredProgress(context.runtime.redis, context.runtime.queue(), context.prefix, view.bullJob, view.engine).catch(
        (error: Error) => error,
      );
      const cursor = stored instanceof Error ? `unreadable: ${stored.message}` : view.state === 'completed' ? undefined : storedCursor(stored);
      const percent = Math.round((100 * done) / Math.max(1, view.subjectIds.length));
      return [
        view.jobId,
        view.engine,
        view.job,
        view.state,
        `${done}/${view.subjectIds.length} ${unit.subjects ?? unit.plural} (${percent}%)`,
        cursor === undefined ? '-' : typeof cursor === 'string' ? cursor : explainCursor(view.job, view.subjectIds, cursor).split(';')[0]!,
      ];
    }),
  );
  const table = sideBySide(['engine', 'job', 'state', 'progress (ledger)', 'stored checkpoint'], rows);
  for (const line of table) say(line);
  return 0;
}

async function list(context: OperatorContext): Promise<number> {
  const views = await listDemoJobs(context);
  if (views.length === 0) say('no demo jobs yet');
  for (const view of views) say(`${view.jobId}  ${view.state}  ${view.bullJob.name}  enqueued ${new Date(view.bullJob.timestamp).toISOString()}`);
  return 0;
}

function describeState(view: DemoJobView): string {
  if (view.state !== 'delayed') return `state ${view.state}`;
  return `state delayed (interrupted; a worker resumes it after its resume delay, or now with npm run jobs -- resume ${view.jobId})`;
}
