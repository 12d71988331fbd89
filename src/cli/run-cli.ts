import { CliUsageError, DatabaseUnreachableError } from './errors.js';
import { InvalidConnectionUrlError } from 'resumable-jobs/runtime';
import { redactSecrets } from 'resumable-jobs/runtime';
import { OperatorError } from '../harness/operator/errors.js';

/**
 * Runs a CLI entry point and turns every failure into ONE line on stderr and an exit code:
 * 2 for a usage error, 1 for anything else. Stack traces only with DEBUG set.
 */
export async function runCli(command: string, main: () => Promise<number>): Promise<never> {
  // `… | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  let code: number;
  try {
    code = await main();
  } catch (error) {
    if (error instanceof InvalidConnectionUrlError) {
      process.stderr.write(`${command}: ${error.message}\n`);
      code = error.exitCode;
    } else if (error instanceof CliUsageError || error instanceof DatabaseUnreachableError || error instanceof OperatorError) {
      process.stderr.write(error instanceof CliUsageError ? `${error.message}\n` : `${command}: ${error.message}\n`);
      code = error.exitCode;
    } else {
      const message = redactSecrets(oneLine(error));
      process.stderr.write(`${command}: ${message} (set DEBUG=1 to see the stack)\n`);
      if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${redactSecrets(error.stack ?? '')}\n`);
      code = 1;
    }
  }
  // Explicit exit: a pool or socket left by a failed connect must not keep the process alive.
  process.exit(code);
}

/** The first line of an error's message; a validation error's (zod: a JSON list of issues) becomes its first issue. */
function oneLine(error: unknown): string {
  const issues = (error as { issues?: { path?: PropertyKey[]; message?: string }[] } | null)?.issues;
  if (Array.isArray(issues) && issues[0]?.message) {
    const path = (issues[0].path ?? []).map(String).join('.');
    return `invalid value${path ? ` at ${path}` : ''}: ${issues[0].message}`;
  }
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
