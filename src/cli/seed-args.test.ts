import { describe, expect, it } from 'vitest';
import { CliUsageError } from './errors.js';
import { parseSeedArgs, parseSetupArgs } from './seed-args.js';

const usageError = (argv: string[]) => {
  try {
    parseSeedArgs(argv);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
};

describe('the seed command line', () => {
  it('reads a profile, a seed and --reset', () => {
    expect(parseSeedArgs(['--profile', 'full', '--seed', '7', '--reset'])).toEqual({
      kind: 'seed',
      profile: 'full',
      seed: 7,
      reset: true,
    });
    expect(parseSeedArgs(['--profile=demo'])).toEqual({ kind: 'seed', profile: 'demo', seed: 42, reset: false });
  });

  it.each([
    [['--profile', 'huge'], 'seed: unknown profile "huge"; use --profile quick|full|demo'],
    [[], 'seed: missing --profile; use --profile quick|full|demo'],
    [['--profile', 'quick', '--seed', 'abc'], 'seed: --seed must be a whole number from 0 to 999999999, got "abc"'],
    [['--profile', 'quick', '--seed', '1.5'], 'seed: --seed must be a whole number from 0 to 999999999, got "1.5"'],
    [['--profile', 'quick', '--verbose'], /^seed: unknown option --verbose; usage: npm run seed -- --profile/],
    [['--profile'], /^seed: --profile needs a value; usage:/],
    [['--profile', 'quick', '--reset=yes'], /^seed: --reset takes no value; usage:/],
    [['quick'], /^seed: unexpected argument "quick"; usage:/],
  ])('refuses %j with one line that says what to do', (argv, message) => {
    const error = usageError(argv);
    expect(error).toBeInstanceOf(CliUsageError);
    expect((error as CliUsageError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('answers --help with the usage instead of seeding', () => {
    expect(parseSeedArgs(['--help'])).toMatchObject({ kind: 'help', text: expect.stringContaining('--profile') });
  });
});

describe('the setup command line', () => {
  it('takes an optional seed and --reset, and refuses a profile', () => {
    expect(parseSetupArgs([])).toEqual({ kind: 'setup', seed: 42, reset: false });
    expect(parseSetupArgs(['--seed', '3', '--reset'])).toEqual({ kind: 'setup', seed: 3, reset: true });
    expect(() => parseSetupArgs(['--profile', 'demo'])).toThrow(/^setup: unknown option --profile/);
  });
});
