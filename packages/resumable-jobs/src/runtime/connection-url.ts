import { InvalidConnectionUrlError } from './errors.js';
import { redactSecrets, registerUrlSecret } from './redact.js';

/** The Redis URLs the runtime accepts, as error messages spell them. */
export const REDIS_URL_SHAPE = 'redis://[[user]:password@]host[:port][/db] (db: a number, default 0), or redis+cluster://host:port';
const REDIS_SCHEMES = ['redis:', 'rediss:', 'redis+cluster:', 'rediss+cluster:'];
/** The PostgreSQL URLs `validateDatabaseUrl` accepts, as error messages spell them. */
export const DATABASE_URL_SHAPE = 'postgres://user[:password]@host[:port]/database';

/** Where a validated Redis URL points: host, port, database and whether it uses TLS. */
export interface RedisAddress {
  host: string;
  port: number;
  /** The logical database the URL selects (0 when the path is empty). */
  db: number;
  tls: boolean;
}

/**
 * Checks a Redis URL before anything connects with it, so `/abc`, a port out of range or a wrong
 * scheme fail at once with one line naming `variable`, instead of a driver's stack trace or a
 * silent fallback to database 0. Its password is remembered for redaction.
 */
export function validateRedisUrl(value: string, variable = 'REDIS_URL'): RedisAddress {
  const url = parseUrl(value, variable, REDIS_URL_SHAPE);
  const fail = (problem: string) => new InvalidConnectionUrlError(variable, shown(value), problem, REDIS_URL_SHAPE);
  if (!REDIS_SCHEMES.includes(url.protocol)) throw fail(`has scheme "${url.protocol}"`);
  if (!url.hostname) throw fail('names no host');
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) throw fail(`selects database "${decodeURIComponent(path)}", which is not a number`);
  return { host: url.hostname, port: portOf(url, 6379, fail), db: path === '' ? 0 : Number(path), tls: url.protocol.startsWith('rediss') };
}

/** The same for a PostgreSQL URL: scheme, host, port and a database name. */
export function validateDatabaseUrl(value: string, variable = 'DATABASE_URL'): { host: string; port: number; database: string } {
  const url = parseUrl(value, variable, DATABASE_URL_SHAPE);
  const fail = (problem: string) => new InvalidConnectionUrlError(variable, shown(value), problem, DATABASE_URL_SHAPE);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw fail(`has scheme "${url.protocol}"`);
  if (!url.hostname) throw fail('names no host');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) throw fail('names no database (the path after the port)');
  return { host: url.hostname, port: portOf(url, 5432, fail), database };
}

function parseUrl(value: string, variable: string, expected: string): URL {
  registerUrlSecret(value);
  try {
    return new URL(value.trim());
  } catch {
    // Node says only "Invalid URL"; the usual culprits are a port that is not a number or out of range.
    const port = /^[a-z]+:\/\/(?:[^@/]*@)?[^:/]*:([^/]*)/i.exec(value.trim())?.[1];
    const problem = port !== undefined && !isPort(port) ? `has port "${port}", which is not a number from 1 to 65535` : 'is not a URL';
    throw new InvalidConnectionUrlError(variable, shown(value), problem, expected);
  }
}

function portOf(url: URL, fallback: number, fail: (problem: string) => Error): number {
  if (url.port === '') return fallback;
  if (!isPort(url.port)) throw fail(`has port "${url.port}", which is not a number from 1 to 65535`);
  return Number(url.port);
}

const isPort = (text: string) => /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65_535;

/** The value as it may be shown: quoted, credentials masked, cut if very long. */
function shown(value: string): string {
  const redacted = redactSecrets(value.trim());
  return JSON.stringify(redacted.length > 120 ? `${redacted.slice(0, 120)}…` : redacted);
}
