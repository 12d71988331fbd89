import type { ServerAddress, Servers } from './types.js';
import { validateDatabaseUrl, validateRedisUrl } from '../runtime/connection-url.js';
import { redactUrl } from '../runtime/redact.js';

/** The standard local ports; used only when the environment names no server. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/resumable_jobs';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function address(value: string | undefined, fallback: string): ServerAddress {
  return value?.trim() ? { url: value.trim(), source: 'env' } : { url: fallback, source: 'default' };
}

/**
 * DATABASE_URL and REDIS_URL, or the local defaults (the CLI says which it used). Both are
 * validated here, before anything connects: InvalidConnectionUrlError names the variable.
 */
export function resolveServers(env: NodeJS.ProcessEnv = process.env): Servers {
  const servers = {
    database: address(env.DATABASE_URL, DEFAULT_DATABASE_URL),
    redis: address(env.REDIS_URL, DEFAULT_REDIS_URL),
  };
  validateDatabaseUrl(servers.database.url, 'DATABASE_URL');
  validateRedisUrl(servers.redis.url, 'REDIS_URL');
  return servers;
}

/** "postgres://… (from DATABASE_URL)" or "… (default; set DATABASE_URL to use another server)". */
export function describeAddress(address: ServerAddress, envName: string): string {
  const origin = address.source === 'env' ? `from ${envName}` : `default; set ${envName} to use another server`;
  return `${redactUrl(address.url)} (${origin})`;
}
