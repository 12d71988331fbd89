import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { LocalBinariesProbe } from '../types.js';

/** Where Debian/Ubuntu packages put PostgreSQL (one folder per major version, not on PATH). */
export const DEFAULT_POSTGRES_ROOTS = ['/usr/lib/postgresql'];

export interface FindLocalBinariesOptions {
  /** The PATH to search (defaults to this process's PATH). */
  searchPath?: string | undefined;
  /** Folders holding `<version>/bin` PostgreSQL installs, searched after PATH, highest version first. */
  postgresRoots?: string[];
}

/**
 * Looks for `redis-server` on PATH, and for a folder holding both `initdb` and `postgres`: first on
 * PATH, then in `<root>/<highest version>/bin`. Both PostgreSQL binaries come from one folder so that
 * initdb and the server always agree on the data format; their symlinks are resolved (to show the real
 * install in logs).
 */
export function findLocalBinaries(options: FindLocalBinariesOptions = {}): LocalBinariesProbe {
  const pathDirs = (options.searchPath ?? process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const postgresDirs = [...pathDirs, ...versionedBinDirs(options.postgresRoots ?? DEFAULT_POSTGRES_ROOTS)];

  const redisServer = pathDirs.map((dir) => join(dir, 'redis-server')).find(isExecutable);
  const postgresDir = postgresDirs.find((dir) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'postgres')));

  const missing = [...(redisServer ? [] : ['redis-server']), ...(postgresDir ? [] : ['initdb', 'postgres'])];
  if (!redisServer || !postgresDir) return { available: false, missing };
  return {
    available: true,
    binaries: {
      // Not resolved: Debian's redis-server is a symlink to redis-check-rdb, which picks its
      // personality from the name it was started under.
      redisServer,
      initdb: realpathSync(join(postgresDir, 'initdb')),
      postgres: realpathSync(join(postgresDir, 'postgres')),
    },
  };
}

function versionedBinDirs(roots: string[]): string[] {
  return roots.flatMap((root) => {
    let versions: string[];
    try {
      versions = readdirSync(root).filter((name) => /^\d+(\.\d+)*$/.test(name));
    } catch {
      return [];
    }
    return versions.sort(compareVersionsDescending).map((version) => join(root, version, 'bin'));
  });
}

function compareVersionsDescending(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
