import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { CliUsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parse errors carry a code; we turn each into one line that says what to do. */
export function usageErrorFrom(command: string, usage: string, error: unknown): CliUsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new CliUsageError(`${command}: unknown option ${quoted}; usage: ${usage}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new CliUsageError(`${command}: unexpected argument "${quoted}"; usage: ${usage}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = quoted.split(' ')[0] ?? quoted;
      const problem = /does not take an argument/.test(message)
        ? 'takes no value'
        : /ambiguous/.test(message)
          ? `needs a value (write ${option}=VALUE for a value that starts with "-")`
          : 'needs a value';
      return new CliUsageError(`${command}: ${option} ${problem}; usage: ${usage}`);
    }
    default:
      return new CliUsageError(`${command}: ${message.split('\n')[0]}; usage: ${usage}`);
  }
}

/**
 * Parses argv strictly (unknown flags and stray arguments are errors), then validates the values
 * with the zod schema. Every failure is a CliUsageError with a single-line message.
 */
export function parseCommandLine<Schema extends z.ZodType>(
  command: string,
  usage: string,
  argv: readonly string[],
  options: Options,
  schema: Schema,
): z.output<Schema> | 'help' {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw usageErrorFrom(command, usage, error);
  }
  if (values.help) return 'help';
  const result = schema.safeParse(values);
  if (!result.success) {
    const first = result.error.issues[0];
    // The schema's messages already say what to type, so no usage line is appended.
    throw new CliUsageError(`${command}: ${first?.message ?? `invalid arguments; usage: ${usage}`}`);
  }
  return result.data;
}
