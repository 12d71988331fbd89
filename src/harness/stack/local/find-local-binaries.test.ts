import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLocalBinaries } from './find-local-binaries.js';

describe('finding redis-server and PostgreSQL on this machine', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rj-find-binaries-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function executable(dir: string, name: string): string {
    mkdirSync(join(root, dir), { recursive: true });
    const file = join(root, dir, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  }

  it('takes redis-server and both PostgreSQL binaries from PATH', () => {
    const redis = executable('bin', 'redis-server');
    const initdb = executable('bin', 'initdb');
    const postgres = executable('bin', 'postgres');
    expect(findLocalBinaries({ searchPath: join(root, 'bin'), postgresRoots: [] })).toEqual({
      available: true,
      binaries: { redisServer: redis, initdb, postgres },
    });
  });

  it('falls back to the highest PostgreSQL version under the install root', () => {
    executable('bin', 'redis-server');
    for (const version of ['9.6', '15', '16']) {
      executable(`pg/${version}/bin`, 'initdb');
      executable(`pg/${version}/bin`, 'postgres');
    }
    const probe = findLocalBinaries({ searchPath: join(root, 'bin'), postgresRoots: [join(root, 'pg')] });
    expect(probe).toMatchObject({ available: true, binaries: { postgres: join(root, 'pg/16/bin/postgres') } });
  });

  it('takes initdb and postgres from one folder, never one from each', () => {
    executable('bin', 'redis-server');
    executable('only-initdb', 'initdb');
    executable('pg/15/bin', 'initdb');
    executable('pg/15/bin', 'postgres');
    const probe = findLocalBinaries({
      searchPath: [join(root, 'bin'), join(root, 'only-initdb')].join(delimiter),
      postgresRoots: [join(root, 'pg')],
    });
    expect(probe).toMatchObject({ binaries: { initdb: join(root, 'pg/15/bin/initdb') } });
  });

  it('keeps the redis-server name (Debian links it to redis-check-rdb, which acts on its name)', () => {
    const real = executable('real', 'redis-check-rdb');
    mkdirSync(join(root, 'bin'));
    symlinkSync(real, join(root, 'bin', 'redis-server'));
    executable('bin', 'initdb');
    executable('bin', 'postgres');
    const probe = findLocalBinaries({ searchPath: join(root, 'bin'), postgresRoots: [] });
    expect(probe).toMatchObject({ binaries: { redisServer: join(root, 'bin', 'redis-server') } });
  });

  it('lists what is missing, ignoring files that are not executable', () => {
    executable('bin', 'initdb');
    writeFileSync(join(root, 'bin', 'postgres'), 'not executable');
    expect(findLocalBinaries({ searchPath: join(root, 'bin'), postgresRoots: [join(root, 'none')] })).toEqual({
      available: false,
      missing: ['redis-server', 'initdb', 'postgres'],
    });
  });
});
