import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import { createOrm } from '../../domain/orm.js';
import { prepareSchema } from '../../domain/schema.js';
import { allDemoJobClasses, demoJobs, type DemoJobTiming } from '../../jobs/catalog.js';
import type { DemoServices } from '../../jobs/shared/demo-services.js';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import { Runtime } from 'resumable-jobs/runtime';
import { countFaults, planChaos, type FaultKind, type PlannedFault } from './chaos-plan.js';
import { killPostgresBackends, killRedisClients, killRedisUserClients } from './connection-faults.js';
import { auditSoakJob, recoveryTimes, soakPassed, type SoakJobAudit } from './soak-audit.js';
import { defaultSoakSizes, seedSoakJobs, type SoakSizes } from './soak-jobs.js';
import { WorkerPool } from './worker-pool.js';
import { createSoakRedisUser, type SoakRedisUser } from './soak-redis-user.js';
import { CheckpointSampler } from '../measure/checkpoint-sampler.js';

const demoWorkerModule = fileURLToPath(new URL('../worker-process/demo-worker-app.ts', import.meta.url));
/** Resume quickly, make progress durable every 200 ms on both engines. */
const soakTiming: DemoJobTiming = { resumeDelayMs: 10, durableEveryMs: 200 };
/** Transient faults (a terminated backend mid-statement) fail an attempt; the job must outlive many. */
const soakRetries = { attempts: 50, backoff: { type: 'exponential', delay: 50 } } as const;

export interface SoakOptions {
  redisUrl: string;
  /** Admin URL of the PostgreSQL server (may create databases, may terminate backends). */
  adminDatabaseUrl: string;
  /** The soak's own, empty database on that server, and its name. */
  databaseUrl: string;
  databaseName: string;
  /** BullMQ prefix; a hash tag (`{soak}`) so the soak also runs on a Redis Cluster. */
  prefix: string;
  seed: number;
  /** SIGTERMs plus SIGKILLs (the plan adds a third as many Redis and as many Postgres connection kills). */
  interruptions: number;
  /** The chaos window; the jobs then run to the end, up to `drainTimeoutMs`. */
  durationMs: number;
  workers?: number;
  concurrency?: number;
  sizes?: SoakSizes;
  drainTimeoutMs?: number;
  /** Idempotency keys on the effects (default true); false runs raw, as `npm run worker -- --raw` does. */
  idempotencyKeys?: boolean;
  /** One line per event worth telling a person (a fault, a job finished). */
  onProgress?: (line: string) => void;
}

export interface InjectedFault extends PlannedFault {
  /** Wall clock when it was injected. */
  at: number;
  /** Connections killed, or the pid signalled. */
  detail: string;
  /** Until the work in flight moved again (from the ledger). */
  recoveryMs: number;
}

export interface SoakResult {
  seed: number;
  mode: 'keys' | 'raw';
  passed: boolean;
  faults: InjectedFault[];
  faultCounts: Record<FaultKind, number>;
  jobs: SoakJobAudit[];
  workerProcessesStarted: number;
  wallMs: number;
}

/**
 * The chaos soak: all three demo jobs on both engines, on a pool of worker processes (concurrency > 1),
 * under a seeded schedule of SIGTERMs, SIGKILLs, Redis client kills and Postgres backend kills. A killed
 * worker is replaced at once, as an orchestrator would. When the window closes the jobs run to the end and
 * the ledger is audited: every item exactly once as a user sees it, every job completed, replays counted.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const say = options.onProgress ?? (() => undefined);
  const keys = options.idempotencyKeys ?? true;
  const workersWanted = options.workers ?? 3;
  const startedAt = Date.now();

  const orm = await createOrm(options.databaseUrl);
  await prepareSchema(orm);
  const jobs = await seedSoakJobs(orm.em.fork(), options.sizes ?? defaultSoakSizes, options.seed);
  const maxItems = Math.max(...jobs.map((job) => job.subjectIds.length));
  // Sized so that an undisturbed job would take most of the window: the faults land on work in flight.
  const perItemDelayMs = Math.max(1, Math.round((options.durationMs * 0.6) / maxItems));

  // The soak connects as a Redis user of its own, so its connection faults hit no one else on the server.
  const redisUser = await ownRedisUser(options, say);
  const redisUrl = redisUser?.url ?? options.redisUrl;
  // Enqueue only: the work happens in the worker processes.
  const runtime = new Runtime<DemoServices>({ redisUrl, prefix: options.prefix, services: { orm, processing: {} } });
  runtime.register(...allDemoJobClasses);
  const injected: InjectedFault[] = [];
  let pool: WorkerPool | undefined;
  let sampler: CheckpointSampler | undefined;
  try {
    pool = await WorkerPool.start(
      {
        module: demoWorkerModule,
        redisUrl,
        databaseUrl: options.databaseUrl,
        prefix: options.prefix,
        concurrency: options.concurrency ?? 2,
        crashRecovery: fastCrashRecovery,
        shutdownTimeoutMs: 10_000,
        settings: { processing: { perItemDelayMs, idempotent: keys }, timing: soakTiming },
      },
      workersWanted,
      (message) => say(`soak: ${message}`),
    );
    const added: Job[] = [];
    for (const job of jobs) {
      added.push(await runtime.enqueue(demoJobs[job.job][job.engine], job.args, { jobId: job.jobId, ...soakRetries }));
    }
    say(
      `soak: seed ${options.seed}, ${jobs.length} jobs, ${workersWanted} worker processes x ${options.concurrency ?? 2}, ${perItemDelayMs} ms per item, ` +
        `${keys ? 'idempotency keys on' : 'raw effects (no idempotency keys)'}`,
    );
    // What each execution left durable, sampled from Redis while it was the job's latest (see the sampler).
    sampler = CheckpointSampler.start({ redis: runtime.redis, queue: runtime.queue(), prefix: options.prefix }, jobs);

    const plan = planChaos({ seed: options.seed, interruptions: options.interruptions, durationMs: options.durationMs, workers: workersWanted });
    const windowStart = Date.now();
    for (const fault of plan) {
      const wait = windowStart + fault.atMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const at = Date.now();
      const detail = await inject(fault, pool, options, redisUser);
      injected.push({ ...fault, at, detail, recoveryMs: 0 });
      say(`soak: ${((at - windowStart) / 1000).toFixed(1)} s  ${fault.kind} ${detail}`);
    }

    say('soak: chaos over; letting the jobs finish');
    const drainStart = Date.now();
    const ended = await drain(runtime, added, options.drainTimeoutMs ?? 120_000);
    say(`soak: the jobs ended ${((Date.now() - drainStart) / 1000).toFixed(1)} s after the chaos window; ${sampler.counts.kept} checkpoint samples kept`);
    await sampler.stop();
    const em = orm.em.fork();
    const durable = sampler;
    const audits = await Promise.all(
      jobs.map((job, i) => auditSoakJob(em, job, { ...ended[i]!, durableByExecution: durable.durableByExecution(job.jobId) }, keys)),
    );
    const recoveries = await recoveryTimes(em, jobs.map((job) => job.jobId), injected.map((fault) => fault.at));
    injected.forEach((fault, i) => (fault.recoveryMs = recoveries[i]!));
    return {
      seed: options.seed,
      mode: keys ? 'keys' : 'raw',
      passed: soakPassed(audits),
      faults: injected,
      faultCounts: countFaults(injected),
      jobs: audits,
      workerProcessesStarted: pool.started,
      wallMs: Date.now() - startedAt,
    };
  } finally {
    await sampler?.stop();
    await pool?.stop();
    await runtime.close();
    await orm.close(true);
    await redisUser?.drop();
  }
}

/** The soak's own Redis user; without ACL rights (a server of your own), the fault drops every client. */
async function ownRedisUser(options: SoakOptions, say: (line: string) => void): Promise<SoakRedisUser | undefined> {
  try {
    return await createSoakRedisUser(options.redisUrl, `soak-${options.seed}-${process.pid}-${Date.now().toString(36)}`);
  } catch (error) {
    say(`soak: no Redis user of its own (${error instanceof Error ? error.message : String(error)}): each Redis fault drops every client of the server`);
    return undefined;
  }
}

async function inject(fault: PlannedFault, pool: WorkerPool, options: SoakOptions, redisUser: SoakRedisUser | undefined): Promise<string> {
  switch (fault.kind) {
    case 'redis-client-kill': {
      const killed = redisUser ? await killRedisUserClients(options.redisUrl, redisUser.name) : await killRedisClients(options.redisUrl);
      return `(${killed} connections)`;
    }
    case 'postgres-backend-kill':
      return `(${await killPostgresBackends(options.adminDatabaseUrl, options.databaseName)} backends)`;
    case 'sigterm':
    case 'sigkill': {
      // A SIGTERMed worker checkpoints and exits while its replacement starts, as in a rolling deploy.
      const { slot, pid, worker } = await pool.signal(fault.worker, fault.kind === 'sigterm' ? 'SIGTERM' : 'SIGKILL');
      if (fault.kind === 'sigkill') await worker.exited;
      return `worker ${slot + 1} (pid ${pid})`;
    }
  }
}

/**
 * Waits until every job completed or failed for good, or the deadline; returns their states (a failed
 * job's with the start of its reason) and their last execution (BullMQ's attemptsStarted, as the ledger).
 */
async function drain(runtime: Runtime<DemoServices>, jobs: Job[], timeoutMs: number): Promise<{ state: string; lastExecution: number }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(jobs.map((job) => job.getState()));
    if (states.every((state) => state === 'completed' || state === 'failed') || Date.now() > deadline) {
      return Promise.all(
        states.map(async (state, i) => {
          const stored = await runtime.queue().getJob(String(jobs[i]!.id));
          const lastExecution = Math.max(1, stored?.attemptsStarted ?? 0);
          if (state !== 'failed') return { state, lastExecution };
          return { state: `failed (${(stored?.failedReason ?? '').split('\n')[0]!.slice(0, 160)})`, lastExecution };
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
