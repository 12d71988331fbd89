import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { CliUsageError } from './errors.js';
import { usageErrorFrom } from './parse-command-line.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommandLine<T> {
  values: T;
  /** Positional arguments in order, e.g. `['interrupt', 'orders-iteration-3']`. */
  positionals: string[];
}

/**
 * Like parseCommandLine, for commands with positional words (`stack up`, `jobs checkpoint <id>`):
 * options are strict and checked by the zod schema; positionals are returned for the caller to
 * check (how many it takes depends on the subcommand). Every failure is one CliUsageError line.
 */
export function parseWithPositionals<Schema extends z.ZodType>(
  command: string,
  usage: string,
  argv: readonly string[],
  options: Options,
  schema: Schema,
): ParsedCommandLine<z.output<Schema>> | 'help' {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageErrorFrom(command, usage, error);
  }
  if (parsed.values.help) return 'help';
  const { help: _help, ...values } = parsed.values;
  const result = schema.safeParse(values);
  if (!result.success) {
    throw new CliUsageError(`${command}: ${result.error.issues[0]?.message ?? `invalid arguments; usage: ${usage}`}`);
  }
  return { values: result.data, positionals: parsed.positionals };
}

/** The first positional as one of `choices`, or a usage error that lists them. */
export function pickSubcommand<C extends string>(command: string, usage: string, positionals: string[], choices: readonly C[]): C {
  const [first] = positionals;
  if (first === undefined) throw new CliUsageError(`${command}: missing command; use ${choices.join('|')}; usage: ${usage}`);
  if (!(choices as readonly string[]).includes(first)) {
    throw new CliUsageError(`${command}: unknown command "${first}"; use ${choices.join('|')}; usage: ${usage}`);
  }
  return first as C;
}

/** Refuses positionals beyond the `expected` count (the subcommand word included). */
export function expectPositionals(command: string, usage: string, positionals: string[], expected: number): void {
  if (positionals.length > expected) {
    throw new CliUsageError(`${command}: unexpected argument "${positionals[expected]}"; usage: ${usage}`);
  }
}
