import {
  ClusterNeedsLocalStackError,
  ForcedStackUnavailableError,
  IncompleteExternalStackError,
  InvalidStackModeError,
  InvalidStackRedisError,
  InvalidStackUrlError,
  StackUnavailableError,
} from '../errors.js';
import { redactUrl } from '../redact-url.js';
import { STACK_MODES, type StackDecision, type StackEnv, type StackMode, type StackProbes } from '../types.js';

export const DEFAULT_REDIS_IMAGE = 'redis:7-alpine';
export const DEFAULT_POSTGRES_IMAGE = 'postgres:16-alpine';

const LOCAL_INSTALL_HINT = 'install redis-server and PostgreSQL (apt-get install -y redis-server postgresql)';

/**
 * Decides where Redis and PostgreSQL come from, from the environment and the probes run so far.
 * Pure: it never probes itself. When the answer depends on a probe not yet run it says which one
 * (`needs-probe`), so the caller runs only the probes that matter (importing testcontainers alone
 * costs ~0.5 s). Order: URLs, then Docker, then local binaries; `STACK` forces one mode.
 * Throws a named error, with the fix in its message, when no mode can work.
 * `STACK_REDIS=cluster` asks for a local Redis Cluster: only the local mode can start one.
 */
export function chooseStackMode(env: StackEnv, probes: StackProbes): StackDecision {
  const forcedMode = readForcedMode(env.STACK);
  const urls = readExternalUrls(env);
  if (readRedisTopology(env.STACK_REDIS) === 'cluster') {
    if (forcedMode !== undefined && forcedMode !== 'local') throw new ClusterNeedsLocalStackError(forcedMode);
    if (forcedMode === undefined && urls.missing.length < 2) throw new ClusterNeedsLocalStackError('external');
    if (!probes.localBinaries) return { kind: 'needs-probe', probe: 'localBinaries' };
    if (!probes.localBinaries.available) {
      throw new ForcedStackUnavailableError('local', `these binaries were not found: ${probes.localBinaries.missing.join(', ')}`, LOCAL_INSTALL_HINT);
    }
    return chosen({ mode: 'local', binaries: probes.localBinaries.binaries, forced: forcedMode === 'local', redisCluster: true });
  }

  const anyUrlSet = urls.missing.length < 2;
  if (forcedMode === 'external' || (forcedMode === undefined && anyUrlSet)) {
    if (urls.missing.length === 0) {
      return chosen({ mode: 'external', redisUrl: urls.redisUrl!, databaseUrl: urls.databaseUrl!, forced: !!forcedMode });
    }
    if (forcedMode === 'external') {
      throw new ForcedStackUnavailableError(
        'external',
        `${urls.missing.join(' and ')} ${urls.missing.length > 1 ? 'are' : 'is'} not set`,
        'set REDIS_URL and DATABASE_URL to the servers to use',
      );
    }
    // One URL alone: starting our own servers would silently ignore it.
    throw new IncompleteExternalStackError(urls.redisUrl ? 'REDIS_URL' : 'DATABASE_URL', urls.missing[0]!);
  }

  if (forcedMode === undefined || forcedMode === 'containers') {
    if (!probes.docker) return { kind: 'needs-probe', probe: 'docker' };
    if (probes.docker.available) {
      return chosen({
        mode: 'containers',
        redisImage: env.REDIS_IMAGE?.trim() || DEFAULT_REDIS_IMAGE,
        postgresImage: env.POSTGRES_IMAGE?.trim() || DEFAULT_POSTGRES_IMAGE,
        forced: !!forcedMode,
      });
    }
    if (forcedMode === 'containers') {
      throw new ForcedStackUnavailableError(
        'containers',
        `no Docker engine answered (${probes.docker.reason})`,
        'start a Docker engine (or point DOCKER_HOST at one)',
      );
    }
  }

  if (!probes.localBinaries) return { kind: 'needs-probe', probe: 'localBinaries' };
  if (probes.localBinaries.available) {
    return chosen({ mode: 'local', binaries: probes.localBinaries.binaries, forced: !!forcedMode });
  }
  if (forcedMode === 'local') {
    throw new ForcedStackUnavailableError(
      'local',
      `these binaries were not found: ${probes.localBinaries.missing.join(', ')}`,
      LOCAL_INSTALL_HINT,
    );
  }
  throw new StackUnavailableError(
    probes.docker?.available === false ? probes.docker.reason : 'not probed',
    probes.localBinaries.missing,
  );
}

function chosen(choice: Extract<StackDecision, { kind: 'chosen' }>['choice']): StackDecision {
  return { kind: 'chosen', choice };
}

/** `STACK` unset or blank means "pick for me"; anything else must name a mode. */
function readForcedMode(value: string | undefined): StackMode | undefined {
  const normalised = value?.trim().toLowerCase();
  if (!normalised) return undefined;
  if ((STACK_MODES as readonly string[]).includes(normalised)) return normalised as StackMode;
  throw new InvalidStackModeError(value!);
}

/** `STACK_REDIS` unset, blank or `single`: one server; `cluster`: a local Redis Cluster. */
function readRedisTopology(value: string | undefined): 'single' | 'cluster' {
  const normalised = value?.trim().toLowerCase();
  if (!normalised || normalised === 'single') return 'single';
  if (normalised === 'cluster') return 'cluster';
  throw new InvalidStackRedisError(value!);
}

interface ExternalUrls {
  redisUrl?: string;
  databaseUrl?: string;
  missing: string[];
}

function readExternalUrls(env: StackEnv): ExternalUrls {
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (redisUrl) {
    assertUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:', 'redis+cluster:', 'rediss+cluster:'], 'redis://[:password@]host:port[/db] or redis+cluster://host:port');
  }
  if (databaseUrl) {
    assertUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'], 'postgres://user[:password]@host:port/database');
  }
  const missing = [...(redisUrl ? [] : ['REDIS_URL']), ...(databaseUrl ? [] : ['DATABASE_URL'])];
  return { redisUrl, databaseUrl, missing };
}

function assertUrl(variable: string, value: string, protocols: string[], shape: string): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InvalidStackUrlError(variable, '<unparseable>', shape);
  }
  if (!protocols.includes(parsed.protocol) || !parsed.hostname) {
    throw new InvalidStackUrlError(variable, redactUrl(value), shape);
  }
}
