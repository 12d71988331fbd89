import { describe, expect, it } from 'vitest';
import { parseDemoArgs } from './demo-args.js';
import { CliUsageError } from './errors.js';
import { parseJobsArgs } from './jobs-args.js';
import { parseSeedArgs } from './seed-args.js';
import { parseSoakArgs } from './soak-args.js';
import { parseWorkerArgs } from './worker-args.js';

// Every whole-number option of the operator commands: 0 or a negative is a usage error with one
// line that says the range, unless 0 means something (a seed, no delay).
const refused: [string, () => unknown, string][] = [
  ['jobs --at 0', () => parseJobsArgs(['interrupt', 'j-1', '--at', '0']), 'jobs: --at must be a whole number from 1 up, got "0"'],
  ['jobs --after-items 0', () => parseJobsArgs(['interrupt', 'j-1', '--after-items=0']), 'jobs: --after-items must be a whole number from 1 up, got "0"'],
  ['jobs --at -3', () => parseJobsArgs(['interrupt', 'j-1', '--at=-3']), 'jobs: --at must be a whole number from 1 up, got "-3"'],
  ['jobs --after-seconds 0', () => parseJobsArgs(['interrupt', 'j-1', '--after-seconds', '0']), 'jobs: --after-seconds must be more than 0 seconds, such as 2 or 0.5'],
  ['demo --at 0', () => parseDemoArgs(['--interrupt', 'flag', '--at', '0']), 'demo: --at must be a whole number from 1 up, got "0"'],
  ['demo --after-items 0', () => parseDemoArgs(['--interrupt', 'progress', '--after-items', '0']), 'demo: --after-items must be a whole number from 1 up, got "0"'],
  ['worker --concurrency 0', () => parseWorkerArgs(['--concurrency', '0']), 'worker: --concurrency must be a whole number from 1 to 50, got "0"'],
  ['worker --concurrency 51', () => parseWorkerArgs(['--concurrency', '51']), 'worker: --concurrency must be a whole number from 1 to 50, got "51"'],
  ['soak --workers 0', () => parseSoakArgs(['--workers', '0'], () => 1), 'soak: --workers must be a whole number from 1 to 32, got "0"'],
  ['soak --interruptions 0', () => parseSoakArgs(['--interruptions', '0'], () => 1), 'soak: --interruptions must be a whole number from 1 to 10000, got "0"'],
];

describe('whole-number options of the operator commands', () => {
  it.each(refused)('%s is a usage error with one line', (_label, parse, message) => {
    expect(parse).toThrow(CliUsageError);
    expect(parse).toThrow(message);
    expect(message).not.toContain('\n');
  });

  it('keeps 0 where it means something: a seed, no per-item delay', () => {
    expect(parseSeedArgs(['--profile', 'quick', '--seed', '0'])).toMatchObject({ seed: 0 });
    expect(parseWorkerArgs(['--delay-ms', '0'])).toMatchObject({ perItemDelayMs: 0 });
    expect(parseJobsArgs(['enqueue', 'orders', '--engine', 'iteration', '--seed', '0'])).toMatchObject({ seed: 0 });
  });
});
