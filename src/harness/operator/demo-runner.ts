import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import { countHandledSubjects, ledgerEntries } from '../../domain/side-effect-ledger.js';
import { demoJobs, type DemoJobTiming } from '../../jobs/catalog.js';
import { defaultCrashRecovery } from 'resumable-jobs/runtime';
import { Interruptor } from '../interruptor/interruptor.js';
import type { Engine } from '../reporting/types.js';
import { spawnWorkerProcess, type WorkerProcess } from '../worker-process/worker-process.js';
import { seedJobData, type SeededJobData } from './demo-data.js';
import { formatUnits, jobUnits } from './demo-jobs.js';
import { perItemDelayMs, type DemoOptions } from './demo-options.js';
import { describeCheckpoint, explainCursor } from './describe-checkpoint.js';
import { DemoRunError } from './errors.js';
import { formatSeconds } from './format-duration.js';
import { isCleanRun, summarizeLedger, verdictLine, type LedgerSummary } from './ledger-summary.js';
import type { OperatorContext } from './operator-context.js';
import { pollUntil } from './poll-until.js';
import type { ProgressBoard } from './progress-board.js';
import { sideBySide } from './side-by-side.js';
import { readStoredProgress, storedCursor } from './stored-progress.js';

const numbers = new Intl.NumberFormat('en-US');
const WORKER_MODULE = fileURLToPath(new URL('../worker-process/demo-worker-app.ts', import.meta.url));
/** An interrupted job waits (delayed) until the demo promotes it, so the checkpoint can be shown first. */
const DEMO_TIMING: DemoJobTiming = { resumeDelayMs: 60 * 60_000, durableEveryMs: 1_000 };
const INTERRUPT_EVENTS = new Set(['continuable.interrupt', 'iteration.interrupted']);

/** One engine's part of a demo run. */
interface Lane {
  engine: Engine;
  jobId: string;
  data: SeededJobData;
  job?: Job;
  enqueuedAt: number;
  finishedAt?: number;
  checkpoint?: unknown;
}

export interface DemoOutcome {
  ok: boolean;
  results: { engine: Engine; jobId: string; summary: LedgerSummary; verdict: string }[];
}

/**
 * The plan's automated demo against a real worker process: seed, enqueue (both engines at once
 * when asked), interrupt as asked, show the checkpoint as it sits in Redis, resume in a NEW worker
 * process, run to completion, and print the metrics side by side with the verdict, all read from
 * the ledger. Every step says what it does on `board`.
 */
export async function runDemo(options: DemoOptions, context: OperatorContext, board: ProgressBoard): Promise<DemoOutcome> {
  const { job } = options;
  const unit = jobUnits[job];
  const say = (line: string) => board.say(line);
  const pace = options.presentation ? 'presentation' : 'normal';
  const delayMs = perItemDelayMs[pace][job];
  const runTag = Date.now().toString(36);

  say(
    `demo: ${job} on ${options.engines.join(' and ')}, ${describeInterrupt(options)}, profile ${options.profile}, ` +
      `${options.idempotencyKeys ? 'idempotency keys on' : 'raw effects (no idempotency keys: a redone item would show as a duplicate)'}`,
  );
  const lanes: Lane[] = [];
  for (const engine of options.engines) {
    const data = await seedJobData(context.orm.em.fork(), job, options.profile, options.seed);
    lanes.push({ engine, jobId: `${job}-${engine}-demo-${runTag}`, data, enqueuedAt: 0 });
    say(`seeded ${formatUnits(job, Math.ceil(data.subjectIds.length / unit.size), unit.subjects ? data.subjectIds.length : undefined)} for ${engine} (ids ${data.subjectIds[0]}-${data.subjectIds.at(-1)})`);
  }

  const workers: WorkerProcess[] = [];
  // The demo narrates the worker's lifecycle itself; the worker's info lines would only repeat it.
  const workerLogs = { env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } };
  const startWorker = async () => {
    const worker = await spawnWorkerProcess({
      module: WORKER_MODULE,
      redisUrl: context.redisUrl,
      databaseUrl: context.databaseUrl,
      prefix: context.prefix,
      concurrency: lanes.length,
      crashRecovery: defaultCrashRecovery,
      shutdownTimeoutMs: 15_000,
      settings: { processing: { perItemDelayMs: delayMs, idempotent: options.idempotencyKeys }, timing: DEMO_TIMING },
    }, 30_000, workerLogs);
    workers.push(worker);
    trackExit(worker);
    say(`worker process ${worker.pid} started (${delayMs} ms of simulated work per ${unit.subjects ? 'recipient' : unit.singular})`);
    return worker;
  };
  const interruptor = new Interruptor(context.runtime.flags);
  const address = (lane: Lane) => ({ queueName: context.runtime.defaultQueueName, jobId: lane.jobId });
  const cursorOfUnit = (lane: Lane, n: number) => lane.data.subjectIds[Math.min(n * unit.size, lane.data.subjectIds.length) - 1]!;
  const events = () => workers.flatMap((worker) => worker.events);
  const interruptsOf = (lane: Lane) => events().filter((event) => INTERRUPT_EVENTS.has(event.name) && (event.payload as { jobId: string }).jobId === lane.jobId);
  const handled = (lane: Lane) => countHandledSubjects(context.orm.em.fork(), lane.jobId, unit.family);
  const stateOf = async (lane: Lane) => (await lane.job!.getState()) as string;

  const progress = startProgress(board, lanes, handled, unit.subjects ?? unit.plural);
  try {
    const first = await startWorker();
    // Flags go in before the job is added: an execution reads its flag before its first item.
    for (const lane of lanes) {
      if (options.interrupt === 'flag') await interruptor.flagAtCursor(address(lane), cursorOfUnit(lane, options.at));
      if (options.interrupt === 'time') await interruptor.afterMs(address(lane), options.afterSeconds * 1000);
      if (options.interrupt === 'progress') await interruptor.afterItems(address(lane), options.afterItems);
    }
    for (const lane of lanes) {
      lane.enqueuedAt = Date.now();
      lane.job = await context.runtime.enqueue(demoJobs[job][lane.engine], lane.data.args, { jobId: lane.jobId });
      say(`enqueued ${lane.jobId}`);
    }
    const workerAlive = (worker: WorkerProcess) => () => (workerExited(worker) ? `worker process ${worker.pid} exited` : undefined);

    if (options.interrupt === 'sigterm') {
      const subjects = options.at * unit.size;
      await pollUntil(`${unit.singular} ${options.at}`, () => Promise.all(lanes.map(handled)), (counts) => counts.every((n) => n >= subjects), { abort: workerAlive(first) });
      say(`interrupting at ${unit.singular} ${options.at}: SIGTERM to worker process ${first.pid}`);
      const code = await interruptor.sigterm(first);
      say(`worker process ${first.pid} checkpointed and exited (${code})`);
    } else if (options.interrupt !== 'none') {
      if (options.interrupt === 'flag') say(`interrupt flag set: stop at ${unit.singular} ${options.at}`);
      const settled = await pollUntil(
        'the interruption',
        () => Promise.all(lanes.map(stateOf)),
        (states) => states.every((state) => state === 'delayed' || state === 'completed' || state === 'failed'),
        { abort: workerAlive(first) },
      );
      for (const [i, lane] of lanes.entries()) {
        if (settled[i] === 'delayed') say(`${lane.engine}: interrupted (${String((interruptsOf(lane)[0]?.payload as { reason?: string })?.reason ?? options.interrupt)})`);
        else say(`${lane.engine}: the job ${settled[i]} before the interruption came`);
      }
      await first.stop();
    }

    // The checkpoint as it sits in Redis, then a new worker process resumes from it.
    const interrupted: Lane[] = [];
    for (const lane of lanes) {
      const state = await stateOf(lane);
      if (state === 'failed') throw new DemoRunError(`${lane.jobId} failed: ${(await context.runtime.queue().getJob(lane.jobId))?.failedReason}`);
      if (state !== 'delayed') continue;
      interrupted.push(lane);
      const job_ = (await context.runtime.queue().getJob(lane.jobId))!;
      const stored = await readStoredProgress(context.runtime.redis, context.runtime.queue(), context.prefix, job_, lane.engine);
      lane.checkpoint = storedCursor(stored);
      say(`${lane.engine}: checkpoint saved: cursor ${explainCursor(job, lane.data.subjectIds, lane.checkpoint)}`);
      // The headline already explains the cursor.
      for (const line of describeCheckpoint(job, lane.data.subjectIds, stored).filter((l) => !l.trimStart().startsWith('cursor:'))) say(`  ${line}`);
    }
    if (interrupted.length > 0) {
      await startWorker();
      for (const lane of interrupted) {
        const index = lane.data.subjectIds.indexOf(lane.checkpoint as number);
        say(`resuming ${lane.engine} after ${unit.singular} ${Math.floor(index / unit.size) + 1}`);
        await (await context.runtime.queue().getJob(lane.jobId))!.promote();
      }
    }
    const current = () => workers.at(-1)!;
    for (const lane of lanes) {
      const state = await pollUntil(`${lane.jobId} to complete`, () => stateOf(lane), (s) => s === 'completed' || s === 'failed', {
        intervalMs: 200,
        abort: workerAlive(current()),
      });
      if (state === 'failed') throw new DemoRunError(`${lane.jobId} failed: ${(await context.runtime.queue().getJob(lane.jobId))?.failedReason}`);
      const done = await context.runtime.queue().getJob(lane.jobId);
      lane.finishedAt = done?.finishedOn ?? Date.now();
    }
  } finally {
    await progress.stop();
    await Promise.all(workers.map((worker) => worker.stop()));
  }

  // Metrics, side by side, from the ledger.
  const results: { engine: Engine; jobId: string; summary: LedgerSummary; reasons: string[]; lane: Lane; verdict: string }[] = [];
  for (const lane of lanes) {
    const summary = summarizeLedger(job, lane.data.subjectIds, await ledgerEntries(context.orm.em.fork(), lane.jobId));
    // time and progress reach the job as control flags; the verdict names the method the user chose.
    const reasons = interruptsOf(lane)
      .map((event) => String((event.payload as { reason?: string }).reason ?? 'interrupted'))
      .map((reason) => (reason === 'flag' && (options.interrupt === 'time' || options.interrupt === 'progress') ? options.interrupt : reason));
    results.push({ engine: lane.engine, jobId: lane.jobId, summary, reasons, lane, verdict: verdictLine(summary, reasons) });
  }
  const cell = (f: (r: (typeof results)[number]) => string) => results.map(f);
  const table = sideBySide(
    results.map((r) => r.engine),
    [
      ['job id', ...cell((r) => r.jobId)],
      ['items', ...cell((r) => formatUnits(job, r.summary.totalUnits, unit.subjects ? r.summary.totalSubjects : undefined))],
      ['handled (ledger)', ...cell((r) => `${numbers.format(r.summary.handledSubjects)} of ${numbers.format(r.summary.totalSubjects)}`)],
      ['duplicates', ...cell((r) => String(r.summary.duplicates))],
      ['executions', ...cell((r) => String(r.summary.executions.length))],
      ['interruptions', ...cell((r) => (r.reasons.length ? `${r.reasons.length} (${r.reasons.join(', ')})` : '0'))],
      ['stopped after', ...cell((r) => (r.summary.executions.length > 1 ? `${unit.singular} ${r.summary.executions[0]!.lastUnit}` : '-'))],
      ['resumed at', ...cell((r) => r.summary.executions.slice(1).map((e) => `${unit.singular} ${e.firstUnit}`).join(', ') || '-')],
      ['checkpoint kept in', ...cell((r) => (r.engine === 'continuable' ? "the job's data" : 'a Redis hash'))],
      ['stored cursor', ...cell((r) => (r.lane.checkpoint === undefined ? '-' : JSON.stringify(r.lane.checkpoint)))],
      ['wall time', ...cell((r) => formatSeconds((r.lane.finishedAt ?? Date.now()) - r.lane.enqueuedAt))],
    ],
  );
  say('');
  for (const line of table) say(line);
  say('');
  for (const r of results) say(`verdict ${r.engine}: ${r.verdict} ${isCleanRun(r.summary) ? '✔' : '✘'}`);
  return { ok: results.every((r) => isCleanRun(r.summary)), results: results.map(({ engine, jobId, summary, verdict }) => ({ engine, jobId, summary, verdict })) };
}

function describeInterrupt(options: DemoOptions): string {
  const unit = jobUnits[options.job].singular;
  switch (options.interrupt) {
    case 'sigterm':
      return `interrupted by SIGTERM to the worker at ${unit} ${options.at}`;
    case 'flag':
      return `interrupted by a control flag at ${unit} ${options.at}`;
    case 'time':
      return `interrupted after ${options.afterSeconds} s`;
    case 'progress':
      return `interrupted after ${options.afterItems} ${jobUnits[options.job].plural}`;
    case 'none':
      return 'not interrupted';
  }
}

const exitedWorkers = new WeakSet<WorkerProcess>();
function trackExit(worker: WorkerProcess): void {
  void worker.exited.then(() => exitedWorkers.add(worker));
}
function workerExited(worker: WorkerProcess): boolean {
  return exitedWorkers.has(worker);
}

/** Redraws the progress from the ledger every 250 ms until stopped. */
function startProgress(board: ProgressBoard, lanes: Lane[], handled: (lane: Lane) => Promise<number>, unit: string) {
  let running = true;
  const loop = (async () => {
    while (running) {
      const counts = await Promise.all(lanes.map((lane) => handled(lane).catch(() => 0)));
      if (!running) break;
      board.update(lanes.map((lane, i) => ({ label: lane.engine, done: counts[i]!, total: lane.data.subjectIds.length, unit })));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      board.clear();
    },
  };
}
