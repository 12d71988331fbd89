import { redactSecrets } from './redact.js';

/** The longest failure reason stored on a job: a few lines a person reads (the engines' own errors
 * say what to do in up to ~500 characters), not a 2.7 kB dump. */
export const MAX_FAILURE_REASON = 600;

// knex/MikroORM driver errors read "<the whole statement> - <what Postgres said>".
const SQL_THEN_CAUSE = /^\s*(select|insert|update|delete|with|begin|commit|rollback|set|create|alter|drop)\b([\s\S]*) - ([^\n]+)$/i;

/**
 * What a failed job's reason should say: the cause first (the driver's words and error name),
 * the statement it happened in only as a short hint, one line, at most `maxLength` characters,
 * secrets masked. A 2.7 kB "update ... - terminating connection due to administrator command"
 * becomes "DriverException: terminating connection due to administrator command (in: update ...)".
 */
export function readableFailureReason(error: { name?: string; message?: string } | string, maxLength = MAX_FAILURE_REASON): string {
  const name = typeof error === 'string' ? '' : (error.name ?? '');
  const message = (typeof error === 'string' ? error : (error.message ?? '')).trim();
  let reason = message;
  const sql = SQL_THEN_CAUSE.exec(message);
  if (sql) {
    const statement = oneLine(`${sql[1]}${sql[2]}`);
    reason = `${sql[3]!.trim()} (in: ${cut(statement, 60)})`;
  }
  reason = oneLine(reason) || '(no message)';
  // The class name only where the message was rewritten: a named error's own message stays exact.
  if (sql && name && name !== 'Error' && !reason.startsWith(name)) reason = `${name}: ${reason}`;
  return cut(redactSecrets(reason), maxLength);
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function cut(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
