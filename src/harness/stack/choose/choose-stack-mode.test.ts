import { describe, expect, it } from 'vitest';
import { chooseStackMode, DEFAULT_POSTGRES_IMAGE, DEFAULT_REDIS_IMAGE } from './choose-stack-mode.js';
import {
  ClusterNeedsLocalStackError,
  ForcedStackUnavailableError,
  IncompleteExternalStackError,
  InvalidStackModeError,
  InvalidStackRedisError,
  InvalidStackUrlError,
  StackUnavailableError,
} from '../errors.js';
import type { StackProbes } from '../types.js';

const urls = { REDIS_URL: 'redis://cache:6379', DATABASE_URL: 'postgres://app:secret@db:5432/postgres' };
const binaries = { redisServer: '/usr/bin/redis-server', initdb: '/pg/bin/initdb', postgres: '/pg/bin/postgres' };
const dockerUp: StackProbes['docker'] = { available: true, host: 'localhost' };
const dockerDown: StackProbes['docker'] = {
  available: false,
  reason: 'Could not find a working container runtime strategy',
};
const binariesFound: StackProbes['localBinaries'] = { available: true, binaries };
const binariesMissing: StackProbes['localBinaries'] = { available: false, missing: ['redis-server'] };

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('choosing where Redis and PostgreSQL come from, with no STACK set', () => {
  it('uses REDIS_URL and DATABASE_URL when both are set, without probing anything', () => {
    expect(chooseStackMode(urls, {})).toEqual({
      kind: 'chosen',
      choice: { mode: 'external', redisUrl: urls.REDIS_URL, databaseUrl: urls.DATABASE_URL, forced: false },
    });
  });

  it('asks for the Docker probe first when no URLs are set', () => {
    expect(chooseStackMode({}, {})).toEqual({ kind: 'needs-probe', probe: 'docker' });
  });

  it('uses containers with the default images when Docker answers, without looking for binaries', () => {
    expect(chooseStackMode({}, { docker: dockerUp })).toEqual({
      kind: 'chosen',
      choice: { mode: 'containers', redisImage: DEFAULT_REDIS_IMAGE, postgresImage: DEFAULT_POSTGRES_IMAGE, forced: false },
    });
    expect(DEFAULT_REDIS_IMAGE).toBe('redis:7-alpine');
    expect(DEFAULT_POSTGRES_IMAGE).toBe('postgres:16-alpine');
  });

  it('takes the images from REDIS_IMAGE and POSTGRES_IMAGE', () => {
    const decision = chooseStackMode({ REDIS_IMAGE: 'my/redis:7', POSTGRES_IMAGE: 'my/pg:16' }, { docker: dockerUp });
    expect(decision).toMatchObject({ choice: { redisImage: 'my/redis:7', postgresImage: 'my/pg:16' } });
  });

  it('asks for the local binaries only once Docker is known to be missing', () => {
    expect(chooseStackMode({}, { docker: dockerDown })).toEqual({ kind: 'needs-probe', probe: 'localBinaries' });
  });

  it('starts local servers when Docker is missing and the binaries are there', () => {
    expect(chooseStackMode({}, { docker: dockerDown, localBinaries: binariesFound })).toEqual({
      kind: 'chosen',
      choice: { mode: 'local', binaries, forced: false },
    });
  });

  it('fails with one message naming the three fixes when nothing is available', () => {
    const error = errorOf(() => chooseStackMode({}, { docker: dockerDown, localBinaries: binariesMissing }));
    expect(error).toBeInstanceOf(StackUnavailableError);
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('set REDIS_URL and DATABASE_URL');
    expect(error.message).toContain('start a Docker engine');
    expect(error.message).toContain('install redis-server and PostgreSQL');
    expect(error.message).toContain('Could not find a working container runtime strategy');
    expect(error.message).toContain('redis-server');
  });

  it.each([
    [{ REDIS_URL: urls.REDIS_URL }, 'REDIS_URL is set but DATABASE_URL is not'],
    [{ DATABASE_URL: urls.DATABASE_URL }, 'DATABASE_URL is set but REDIS_URL is not'],
  ])('refuses to ignore a lone URL (%o)', (env, message) => {
    const error = errorOf(() => chooseStackMode(env, {}));
    expect(error).toBeInstanceOf(IncompleteExternalStackError);
    expect(error.message).toContain(message);
  });

  it('treats blank variables as unset', () => {
    expect(chooseStackMode({ STACK: ' ', REDIS_URL: '', DATABASE_URL: '  ' }, {})).toEqual({
      kind: 'needs-probe',
      probe: 'docker',
    });
  });
});

describe('STACK forcing one mode', () => {
  it('STACK=external uses the URLs', () => {
    expect(chooseStackMode({ ...urls, STACK: 'external' }, {})).toMatchObject({
      kind: 'chosen',
      choice: { mode: 'external', forced: true },
    });
  });

  it('STACK=external without the URLs fails in one line naming what is missing', () => {
    const error = errorOf(() => chooseStackMode({ STACK: 'external', REDIS_URL: urls.REDIS_URL }, {}));
    expect(error).toBeInstanceOf(ForcedStackUnavailableError);
    expect(error.message).toBe(
      'STACK=external was requested but DATABASE_URL is not set: set REDIS_URL and DATABASE_URL to the servers ' +
        'to use, or unset STACK to let the provider pick.',
    );
    const neither = errorOf(() => chooseStackMode({ STACK: 'external' }, {}));
    expect(neither.message).toContain('REDIS_URL and DATABASE_URL are not set');
  });

  it('STACK=containers ignores the URLs and probes Docker', () => {
    expect(chooseStackMode({ ...urls, STACK: 'containers' }, {})).toEqual({ kind: 'needs-probe', probe: 'docker' });
    expect(chooseStackMode({ ...urls, STACK: 'containers' }, { docker: dockerUp })).toMatchObject({
      choice: { mode: 'containers', forced: true },
    });
  });

  it('STACK=containers without Docker fails at once instead of falling back to local servers', () => {
    const error = errorOf(() => chooseStackMode({ STACK: 'containers' }, { docker: dockerDown }));
    expect(error).toBeInstanceOf(ForcedStackUnavailableError);
    expect(error.message).toBe(
      'STACK=containers was requested but no Docker engine answered (Could not find a working container runtime ' +
        'strategy): start a Docker engine (or point DOCKER_HOST at one), or unset STACK to let the provider pick.',
    );
  });

  it('STACK=local skips the Docker probe and the URLs', () => {
    expect(chooseStackMode({ ...urls, STACK: 'local' }, {})).toEqual({ kind: 'needs-probe', probe: 'localBinaries' });
    expect(chooseStackMode({ ...urls, STACK: 'local' }, { localBinaries: binariesFound })).toEqual({
      kind: 'chosen',
      choice: { mode: 'local', binaries, forced: true },
    });
  });

  it('STACK=local without the binaries fails naming them and how to install them', () => {
    const error = errorOf(() =>
      chooseStackMode({ STACK: 'local' }, { localBinaries: { available: false, missing: ['initdb', 'postgres'] } }),
    );
    expect(error).toBeInstanceOf(ForcedStackUnavailableError);
    expect(error.message).toContain('these binaries were not found: initdb, postgres');
    expect(error.message).toContain('apt-get install -y redis-server postgresql');
  });

  it('accepts the mode in any case and with spaces around it', () => {
    expect(chooseStackMode({ STACK: ' Local ' }, {})).toEqual({ kind: 'needs-probe', probe: 'localBinaries' });
  });

  it('rejects an unknown STACK, listing the valid ones', () => {
    const error = errorOf(() => chooseStackMode({ ...urls, STACK: 'docker' }, {}));
    expect(error).toBeInstanceOf(InvalidStackModeError);
    expect(error.message).toBe(
      'STACK="docker" is not a stack mode: use external, containers or local, or unset STACK to let the provider pick.',
    );
  });
});

describe('URLs that cannot be right', () => {
  it('rejects a DATABASE_URL that is not a PostgreSQL URL, without echoing its password', () => {
    const error = errorOf(() => chooseStackMode({ ...urls, DATABASE_URL: 'mysql://app:secret@db/x' }, {}));
    expect(error).toBeInstanceOf(InvalidStackUrlError);
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('postgres://user[:password]@host:port/database');
    expect(error.message).not.toContain('secret');
  });

  it('rejects a REDIS_URL that does not parse', () => {
    const error = errorOf(() => chooseStackMode({ ...urls, REDIS_URL: 'localhost:6379' }, {}));
    expect(error).toBeInstanceOf(InvalidStackUrlError);
    expect(error.message).toContain('REDIS_URL');
  });

  it('accepts rediss:// and postgresql://', () => {
    const env = { REDIS_URL: 'rediss://cache:6380', DATABASE_URL: 'postgresql://db/postgres' };
    expect(chooseStackMode(env, {})).toMatchObject({ choice: { mode: 'external' } });
  });
});

describe('STACK_REDIS=cluster: a local Redis Cluster instead of one server', () => {
  it('skips Docker and the URLs\' absence alike and starts local servers with a cluster', () => {
    expect(chooseStackMode({ STACK_REDIS: 'cluster' }, {})).toEqual({ kind: 'needs-probe', probe: 'localBinaries' });
    expect(chooseStackMode({ STACK_REDIS: 'cluster' }, { localBinaries: binariesFound })).toEqual({
      kind: 'chosen',
      choice: { mode: 'local', binaries, forced: false, redisCluster: true },
    });
    expect(chooseStackMode({ STACK: 'local', STACK_REDIS: ' Cluster ' }, { localBinaries: binariesFound })).toMatchObject({
      choice: { forced: true, redisCluster: true },
    });
  });

  it('refuses the modes that cannot start one, saying what to do instead', () => {
    const containers = errorOf(() => chooseStackMode({ STACK: 'containers', STACK_REDIS: 'cluster' }, {}));
    expect(containers).toBeInstanceOf(ClusterNeedsLocalStackError);
    expect(containers.message).toContain('use STACK=local');
    const external = errorOf(() => chooseStackMode({ ...urls, STACK_REDIS: 'cluster' }, {}));
    expect(external).toBeInstanceOf(ClusterNeedsLocalStackError);
    expect(external.message).toContain('REDIS_URL=redis+cluster://host:port');
  });

  it('fails at once when the local binaries are missing, and on an unknown topology', () => {
    expect(errorOf(() => chooseStackMode({ STACK_REDIS: 'cluster' }, { localBinaries: binariesMissing }))).toBeInstanceOf(
      ForcedStackUnavailableError,
    );
    const error = errorOf(() => chooseStackMode({ STACK_REDIS: 'sentinel' }, {}));
    expect(error).toBeInstanceOf(InvalidStackRedisError);
    expect(error.message).toBe('STACK_REDIS="sentinel" is not a Redis topology: use single or cluster, or unset STACK_REDIS.');
  });

  it('accepts a cluster of your own as REDIS_URL=redis+cluster://', () => {
    const env = { ...urls, REDIS_URL: 'redis+cluster://cache:7000' };
    expect(chooseStackMode(env, {})).toMatchObject({ choice: { mode: 'external', redisUrl: 'redis+cluster://cache:7000' } });
  });
});
