import { ServersNotFoundError } from '../harness/operator/errors.js';
import { readRecordedStack, stackStateFile } from '../harness/operator/stack-state.js';
import { isProcessRunning } from '../harness/stack/guard/process-liveness.js';
import { validateDatabaseUrl, validateRedisUrl } from 'resumable-jobs/runtime';
import { redactUrl } from 'resumable-jobs/runtime';
import type { ServerAddress, Servers } from './types.js';

export const START_A_STACK = 'run `npm run stack -- up` (or `npm run demo`, which starts and stops its own servers)';

export interface ResolveOptions {
  /** Which servers the command needs; only those must be found (default both). */
  needs?: readonly ('redis' | 'database')[];
  /** The state file to read (default STACK_STATE_FILE or `.stack/state.json`). */
  stateFile?: string;
}

/**
 * Where every operator command finds its servers, in this order: REDIS_URL / DATABASE_URL, then
 * the stack recorded by `npm run stack -- up`, else a ServersNotFoundError whose one line says how
 * to start one. A recorded stack whose process is gone is refused too (its ports are dead).
 * The URLs needed are validated before anything connects: InvalidConnectionUrlError names the variable.
 */
export function resolveServers(env: NodeJS.ProcessEnv = process.env, options: ResolveOptions = {}): Servers {
  const needs = options.needs ?? ['redis', 'database'];
  const fromEnv = { redis: env.REDIS_URL?.trim(), database: env.DATABASE_URL?.trim() };
  const missing = needs.filter((server) => !fromEnv[server]);
  const stateFile = options.stateFile ?? stackStateFile(env);
  const recorded = missing.length > 0 ? readRecordedStack(stateFile) : undefined;
  if (missing.length > 0 && !recorded) {
    const variables = missing.map((server) => (server === 'redis' ? 'REDIS_URL' : 'DATABASE_URL')).join(' and ');
    throw new ServersNotFoundError(`no servers: ${variables} not set and no stack recorded; ${START_A_STACK}`);
  }
  if (recorded && !isProcessRunning(recorded.holderPid)) {
    throw new ServersNotFoundError(
      `the recorded stack (holder pid ${recorded.holderPid}) is not running; run \`npm run stack -- down\`, then \`npm run stack -- up\``,
    );
  }
  const pick = (value: string | undefined, stackUrl: string | undefined): ServerAddress =>
    value ? { url: value, source: 'env' } : { url: stackUrl ?? '', source: 'stack' };
  const servers = {
    database: pick(fromEnv.database, recorded?.databaseUrl),
    redis: pick(fromEnv.redis, recorded?.redisUrl),
  };
  if (needs.includes('database')) validateDatabaseUrl(servers.database.url, 'DATABASE_URL');
  if (needs.includes('redis')) validateRedisUrl(servers.redis.url, 'REDIS_URL');
  return servers;
}

/** "postgres://… (from DATABASE_URL)" or "… (recorded stack; npm run stack -- status)". */
export function describeAddress(address: ServerAddress, envName: string): string {
  const origin = address.source === 'env' ? `from ${envName}` : 'recorded stack; npm run stack -- status';
  return `${redactUrl(address.url)} (${origin})`;
}
