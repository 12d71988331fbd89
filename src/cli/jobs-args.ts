import { z } from 'zod';
import { dataSettings } from '../../fixtures/data-settings.js';
import type { SeedProfileName } from '../../fixtures/seed-profiles.js';
import { DEMO_JOBS } from '../harness/operator/demo-jobs.js';
import type { DemoJob, Engine } from '../harness/reporting/types.js';
import { CliUsageError } from './errors.js';
import { profileOption, secondsOption, wholeNumberOption } from './option-schemas.js';
import { expectPositionals, parseWithPositionals, pickSubcommand } from './parse-subcommand.js';
import type { HelpRequest } from './types.js';

export const JOBS_ACTIONS = ['enqueue', 'interrupt', 'cancel', 'checkpoint', 'resume', 'status', 'list'] as const;
export const JOBS_USAGE =
  'npm run jobs -- enqueue <orders|reports|email> --engine continuable|iteration [--profile quick|demo|full] | ' +
  'interrupt <jobId> [--now | --at N | --after-items N | --after-seconds S] | cancel <jobId> | checkpoint <jobId> | resume <jobId> | status | list';

/** How to stop a job: the control flags of the runtime, with positions in the job's own units. */
export type InterruptRequest = { kind: 'now' } | { kind: 'at'; unit: number } | { kind: 'after-items'; items: number } | { kind: 'after-seconds'; seconds: number };

export type JobsCommand =
  | { kind: 'enqueue'; job: DemoJob; engine: Engine; profile: SeedProfileName; seed: number }
  | { kind: 'interrupt'; jobId: string; request: InterruptRequest }
  | { kind: 'checkpoint' | 'resume' | 'cancel'; jobId: string }
  | { kind: 'status' | 'list' };


const schema = z.object({
  engine: z.enum(['continuable', 'iteration'], { error: (issue) => `unknown engine "${String(issue.input)}"; use --engine continuable|iteration` }).optional(),
  profile: profileOption(),
  seed: wholeNumberOption('--seed', { min: 0, max: 999_999_999 }),
  now: z.boolean().optional(),
  at: wholeNumberOption('--at'),
  'after-items': wholeNumberOption('--after-items'),
  'after-seconds': secondsOption('--after-seconds'),
});

const options = {
  engine: { type: 'string' },
  profile: { type: 'string' },
  seed: { type: 'string' },
  now: { type: 'boolean' },
  at: { type: 'string' },
  'after-items': { type: 'string' },
  'after-seconds': { type: 'string' },
} as const;

export function parseJobsArgs(argv: readonly string[]): JobsCommand | HelpRequest {
  const parsed = parseWithPositionals('jobs', JOBS_USAGE, argv, options, schema);
  if (parsed === 'help') return { kind: 'help', text: jobsHelp() };
  const action = pickSubcommand('jobs', JOBS_USAGE, parsed.positionals, JOBS_ACTIONS);
  const v = parsed.values;
  const given = (Object.keys(v) as (keyof typeof v)[]).filter((key) => v[key] !== undefined);
  const allowOnly = (allowed: readonly string[]) => {
    const extra = given.find((key) => !allowed.includes(key));
    if (extra) throw new CliUsageError(`jobs: --${extra} does not apply to "${action}"; usage: ${JOBS_USAGE}`);
  };
  const jobIdArgument = () => {
    expectPositionals('jobs', JOBS_USAGE, parsed.positionals, 2);
    const jobId = parsed.positionals[1];
    if (!jobId) throw new CliUsageError(`jobs: ${action} needs a job id (npm run jobs -- list shows them); usage: ${JOBS_USAGE}`);
    return jobId;
  };
  switch (action) {
    case 'enqueue': {
      allowOnly(['engine', 'profile', 'seed']);
      expectPositionals('jobs', JOBS_USAGE, parsed.positionals, 2);
      const job = parsed.positionals[1];
      if (!job || !(DEMO_JOBS as readonly string[]).includes(job)) {
        throw new CliUsageError(`jobs: enqueue needs a job: orders|reports|email${job ? `, got "${job}"` : ''}`);
      }
      if (!v.engine) throw new CliUsageError('jobs: enqueue needs --engine continuable|iteration');
      return { kind: 'enqueue', job: job as DemoJob, engine: v.engine, profile: v.profile ?? 'demo', seed: v.seed ?? dataSettings.defaultSeed };
    }
    case 'interrupt': {
      allowOnly(['now', 'at', 'after-items', 'after-seconds']);
      const jobId = jobIdArgument();
      if (given.length > 1) throw new CliUsageError('jobs: interrupt takes one of --now, --at, --after-items, --after-seconds');
      const request: InterruptRequest =
        v.at !== undefined
          ? { kind: 'at', unit: v.at }
          : v['after-items'] !== undefined
            ? { kind: 'after-items', items: v['after-items'] }
            : v['after-seconds'] !== undefined
              ? { kind: 'after-seconds', seconds: v['after-seconds'] }
              : { kind: 'now' };
      return { kind: 'interrupt', jobId, request };
    }
    case 'checkpoint':
    case 'resume':
      allowOnly([]);
      return { kind: action, jobId: jobIdArgument() };
    case 'cancel': {
      allowOnly([]);
      const jobId = jobIdArgument();
      // A job id names Redis keys: a space or a colon cannot be one of ours, and would name another key.
      if (!/^[^\s:]+$/.test(jobId)) throw new CliUsageError(`jobs: "${jobId}" is not a job id (no spaces or colons); npm run jobs -- list shows them`);
      return { kind: 'cancel', jobId };
    }
    case 'status':
    case 'list':
      allowOnly([]);
      expectPositionals('jobs', JOBS_USAGE, parsed.positionals, 1);
      return { kind: action };
  }
}

function jobsHelp(): string {
  return [
    'usage: npm run jobs -- <command>',
    '  enqueue <orders|reports|email> --engine continuable|iteration [--profile quick|demo|full] [--seed N]',
    '        seed fresh rows for one run (profile sizes; default demo) and add the job; prints its id',
    '  interrupt <jobId> [--now | --at N | --after-items N | --after-seconds S]',
    '        ask the job to stop: now (default), at order/customer/batch N, after N of them in its',
    '        current execution, or after S seconds of it; one-shot, honoured at the next item',
    '  cancel <jobId>       end the job at its next item (before its first if it has not started): it runs',
    '        onCancel and completes as cancelled, neither failed nor finished; a delayed job runs now to end',
    '  checkpoint <jobId>   the stored continuation or iteration hash, decoded and explained',
    '  resume <jobId>       run a delayed (interrupted) job now, or retry a failed one from its checkpoint',
    '  status               every demo job: state, engine, progress from the ledger, stored cursor',
    '  list                 every demo job id with its state',
    'servers: REDIS_URL and DATABASE_URL, else the recorded stack (npm run stack -- up); queue prefix JOBS_PREFIX (default {demo})',
  ].join('\n');
}
