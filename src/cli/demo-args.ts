import { z } from 'zod';
import { dataSettings } from '../../fixtures/data-settings.js';
import { DEMO_JOBS, jobUnits } from '../harness/operator/demo-jobs.js';
import { defaultStopUnit, INTERRUPT_METHODS, totalUnits, type DemoOptions } from '../harness/operator/demo-options.js';
import type { DemoJob, Engine } from '../harness/reporting/types.js';
import { CliUsageError } from './errors.js';
import { profileOption, secondsOption, wholeNumberOption } from './option-schemas.js';
import { expectPositionals, parseWithPositionals } from './parse-subcommand.js';
import type { HelpRequest } from './types.js';

export const DEMO_USAGE =
  'npm run demo -- [orders|reports|email] [--engine continuable|iteration|both] [--interrupt sigterm|flag|time|progress|none] ' +
  '[--at N] [--after-seconds S] [--after-items N] [--profile quick|demo|full] [--presentation] [--seed N] [--idempotent]';


const schema = z.object({
  engine: z.enum(['continuable', 'iteration', 'both'], { error: (issue) => `unknown engine "${String(issue.input)}"; use --engine continuable|iteration|both` }).optional(),
  interrupt: z.enum(INTERRUPT_METHODS, { error: (issue) => `unknown interruption "${String(issue.input)}"; use --interrupt ${INTERRUPT_METHODS.join('|')}` }).optional(),
  at: wholeNumberOption('--at'),
  'after-items': wholeNumberOption('--after-items'),
  'after-seconds': secondsOption('--after-seconds'),
  profile: profileOption(),
  presentation: z.boolean().optional(),
  seed: wholeNumberOption('--seed', { min: 0, max: 999_999_999 }),
  idempotent: z.boolean().optional(),
});

const options = {
  engine: { type: 'string' },
  interrupt: { type: 'string' },
  at: { type: 'string' },
  'after-items': { type: 'string' },
  'after-seconds': { type: 'string' },
  profile: { type: 'string' },
  presentation: { type: 'boolean' },
  seed: { type: 'string' },
  idempotent: { type: 'boolean' },
} as const;

export function parseDemoArgs(argv: readonly string[]): { kind: 'demo'; options: DemoOptions } | HelpRequest {
  const parsed = parseWithPositionals('demo', DEMO_USAGE, argv, options, schema);
  if (parsed === 'help') return { kind: 'help', text: demoHelp() };
  expectPositionals('demo', DEMO_USAGE, parsed.positionals, 1);
  const jobWord = parsed.positionals[0] ?? 'orders';
  if (!(DEMO_JOBS as readonly string[]).includes(jobWord)) {
    throw new CliUsageError(`demo: unknown job "${jobWord}"; use orders|reports|email`);
  }
  const job = jobWord as DemoJob;
  const v = parsed.values;
  const interrupt = v.interrupt ?? 'sigterm';
  const profile = v.profile ?? 'demo';
  const units = totalUnits(job, profile);
  const { plural } = jobUnits[job];
  const misplaced: [string, boolean, string][] = [
    ['--at', v.at !== undefined && interrupt !== 'sigterm' && interrupt !== 'flag', 'sigterm|flag'],
    ['--after-items', v['after-items'] !== undefined && interrupt !== 'progress', 'progress'],
    ['--after-seconds', v['after-seconds'] !== undefined && interrupt !== 'time', 'time'],
  ];
  for (const [flag, wrong, methods] of misplaced) {
    if (wrong) throw new CliUsageError(`demo: ${flag} goes with --interrupt ${methods}, not ${interrupt}`);
  }
  for (const [flag, value] of [['--at', v.at], ['--after-items', v['after-items']]] as const) {
    if (value !== undefined && (value < 1 || value >= units)) {
      throw new CliUsageError(`demo: ${flag} must be from 1 to ${units - 1}: the ${job} job has ${units} ${plural} in profile ${profile}`);
    }
  }
  const engines: Engine[] = v.engine === 'continuable' || v.engine === 'iteration' ? [v.engine] : ['continuable', 'iteration'];
  return {
    kind: 'demo',
    options: {
      job,
      engines,
      interrupt,
      at: v.at ?? defaultStopUnit(job, profile),
      afterItems: v['after-items'] ?? defaultStopUnit(job, profile),
      afterSeconds: v['after-seconds'] ?? (v.presentation ? 10 : 2),
      profile,
      presentation: v.presentation ?? false,
      seed: v.seed ?? dataSettings.defaultSeed,
      idempotencyKeys: v.idempotent ?? false,
    },
  };
}

function demoHelp(): string {
  return [
    `usage: ${DEMO_USAGE}`,
    'Seeds a job, runs it on a real worker process, interrupts it, shows the checkpoint stored in Redis,',
    'resumes it in a new worker process and prints the metrics side by side, read from the ledger.',
    '  orders|reports|email  the job (default orders): 1,000 orders / 100 customers / 5,000 recipients in batches of 50',
    '  --engine          continuable, iteration, or both at once (default both)',
    '  --interrupt       sigterm (default: a real SIGTERM to the worker), flag (a control key in Redis),',
    '                    time (after S seconds), progress (after N items), none',
    '  --at N            sigterm|flag: stop at order/customer/batch N (default 30% in)',
    '  --after-seconds S time: stop after S seconds of the execution (default 2; 10 with --presentation)',
    '  --after-items N   progress: stop after N orders/customers/batches (default 30% in)',
    '  --profile         quick (100 orders), demo (the plan\'s sizes, default), full (10,000 orders)',
    '  --presentation    0.5 s per order, so the run takes minutes and can be narrated',
    '  --idempotent      effects with idempotency keys (default: raw, so the ledger shows what the checkpoints',
    '                    alone achieve; npm run worker has keys on)',
    'servers: REDIS_URL and DATABASE_URL, else the recorded stack (npm run stack -- up), else its own (stopped at the end)',
  ].join('\n');
}
