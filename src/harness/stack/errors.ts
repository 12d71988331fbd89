import type { StackMode } from './types.js';

/**
 * The stack provider's named errors: each says which of Redis/PostgreSQL could not be had, why, and
 * the one-line fix (set the URLs, start Docker, install the binaries). URLs in messages are redacted.
 */

/** Nothing to run Redis and PostgreSQL on: no URLs, no Docker, no local binaries. */
export class StackUnavailableError extends Error {
  override readonly name = 'StackUnavailableError';
  constructor(dockerReason: string, missingBinaries: string[]) {
    super(
      'No Redis/PostgreSQL for the tests: REDIS_URL and DATABASE_URL are not set, ' +
        `no Docker engine answered (${dockerReason}), ` +
        `and local binaries are missing (${missingBinaries.join(', ')}). ` +
        'Fix one of: (1) set REDIS_URL and DATABASE_URL to servers you run; ' +
        '(2) start a Docker engine so testcontainers can start Redis and PostgreSQL; ' +
        '(3) install redis-server and PostgreSQL (apt-get install -y redis-server postgresql) ' +
        'so the tests start disposable local servers.',
    );
  }
}

/** STACK=<mode> was asked for, but that mode cannot work on this machine. */
export class ForcedStackUnavailableError extends Error {
  override readonly name = 'ForcedStackUnavailableError';
  constructor(
    readonly mode: StackMode,
    problem: string,
    fix: string,
  ) {
    super(`STACK=${mode} was requested but ${problem}: ${fix}, or unset STACK to let the provider pick.`);
  }
}

/** STACK holds something other than a known mode. */
export class InvalidStackModeError extends Error {
  override readonly name = 'InvalidStackModeError';
  constructor(value: string) {
    super(
      `STACK=${JSON.stringify(value)} is not a stack mode: use external, containers or local, ` +
        'or unset STACK to let the provider pick.',
    );
  }
}

/** Only one of REDIS_URL / DATABASE_URL is set: silently starting our own servers would ignore it. */
export class IncompleteExternalStackError extends Error {
  override readonly name = 'IncompleteExternalStackError';
  constructor(setVariable: string, missingVariable: string) {
    super(
      `${setVariable} is set but ${missingVariable} is not: set both to use your own servers, ` +
        `or unset ${setVariable} to let the provider start Redis and PostgreSQL.`,
    );
  }
}

/** REDIS_URL or DATABASE_URL does not parse as a URL of the right kind. */
export class InvalidStackUrlError extends Error {
  override readonly name = 'InvalidStackUrlError';
  constructor(variable: string, redactedValue: string, expectedShape: string) {
    super(`${variable} (${redactedValue}) is not a valid URL for it: use ${expectedShape}.`);
  }
}

/** A disposable local server did not become ready; carries the end of its output to show why. */
export class LocalServerStartError extends Error {
  override readonly name = 'LocalServerStartError';
  constructor(server: string, problem: string, outputTail: string) {
    super(
      `${server} did not start: ${problem}. ` +
        'Check that its binaries work when run by hand, or set REDIS_URL and DATABASE_URL to servers you run.' +
        (outputTail ? `\n--- last output of ${server} ---\n${outputTail}` : ''),
    );
  }
}

/** Docker answered, but the Redis/PostgreSQL containers did not start. */
export class ContainerStackStartError extends Error {
  override readonly name = 'ContainerStackStartError';
  constructor(images: string, cause: unknown) {
    super(
      `Docker answered but the containers (${images}) did not start: ${String((cause as Error)?.message ?? cause)}. ` +
        'Make the images available to the engine (docker pull, docker load) or point REDIS_IMAGE/POSTGRES_IMAGE at ' +
        'images it has; set TESTCONTAINERS_RYUK_DISABLED=true if the Ryuk image cannot be pulled; ' +
        'or use STACK=local / REDIS_URL+DATABASE_URL instead.',
      { cause },
    );
  }
}

/** A Redis or PostgreSQL endpoint the provider chose did not answer a trivial command. */
export class StackEndpointUnreachableError extends Error {
  override readonly name = 'StackEndpointUnreachableError';
  constructor(server: 'Redis' | 'PostgreSQL', redactedUrl: string, cause: unknown) {
    super(
      `${server} at ${redactedUrl} did not answer: ${String((cause as Error)?.message ?? cause)}. ` +
        'Check that the server runs and the URL (host, port, user, password) is right.',
      { cause },
    );
  }
}

/** Every scenario file gets its own database, so the admin URL's user must be allowed to create them. */
export class DatabaseUserCannotCreateDatabasesError extends Error {
  override readonly name = 'DatabaseUserCannotCreateDatabasesError';
  constructor(user: string, redactedUrl: string) {
    super(
      `The PostgreSQL user "${user}" of ${redactedUrl} may not create databases, but each scenario file ` +
        `gets its own: run ALTER ROLE "${user}" CREATEDB, or point DATABASE_URL at a superuser.`,
    );
  }
}

/** Running as root, PostgreSQL must run as another user, and there is no `postgres` OS user. */
export class MissingPostgresOsUserError extends Error {
  override readonly name = 'MissingPostgresOsUserError';
  constructor(cause: unknown) {
    super(
      'Running as root, and PostgreSQL refuses to run as root, but there is no "postgres" OS user to run it as ' +
        `(${String((cause as Error)?.message ?? cause).trim()}): create it (useradd --system postgres, or install ` +
        'the postgresql package), run the tests as a non-root user, or set REDIS_URL and DATABASE_URL.',
      { cause },
    );
  }
}

/** STACK_REDIS holds something other than a known Redis topology. */
export class InvalidStackRedisError extends Error {
  override readonly name = 'InvalidStackRedisError';
  constructor(value: string) {
    super(`STACK_REDIS=${JSON.stringify(value)} is not a Redis topology: use single or cluster, or unset STACK_REDIS.`);
  }
}

/** STACK_REDIS=cluster was asked of a mode that cannot start a cluster. */
export class ClusterNeedsLocalStackError extends Error {
  override readonly name = 'ClusterNeedsLocalStackError';
  constructor(mode: 'external' | 'containers') {
    super(
      `STACK_REDIS=cluster starts a local Redis Cluster, which the ${mode} mode cannot do: ` +
        (mode === 'external'
          ? 'for a cluster of your own set REDIS_URL=redis+cluster://host:port and unset STACK_REDIS, or unset REDIS_URL and DATABASE_URL.'
          : 'use STACK=local (redis-server, redis-cli and PostgreSQL binaries), or unset STACK_REDIS.'),
    );
  }
}
