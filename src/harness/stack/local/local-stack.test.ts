import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import '../isolation/provided-context.js';
import { findLocalBinaries } from './find-local-binaries.js';
import { startLocalStack } from './local-stack.js';
import { withPg } from '../pg-client.js';
import { waitForProcessesGone } from '../guard/process-liveness.js';

const probe = findLocalBinaries();

describe('disposable local servers', () => {
  it('start on free loopback ports, answer, and leave no process or folder behind when stopped', async (context) => {
    if (!probe.available) {
      // This run's stack cannot be local then (it needs the same binaries): say so, loudly, and why.
      expect(inject('stack').mode, `the local stack ran without ${probe.missing.join(', ')}`).not.toBe('local');
      context.skip(`not testable here: ${probe.missing.join(', ')} not installed (Debian: apt-get install redis-server postgresql); this run uses the ${inject('stack').mode} stack`);
      return;
    }
    const stack = await startLocalStack(probe.binaries);
    const pids = stack.processes.flatMap((p) => [p.pid, p.supervisorPid]);
    try {
      expect(stack.endpoints.mode).toBe('local');
      expect(stack.endpoints.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(stack.endpoints.databaseUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(stack.processes.map((p) => p.name)).toEqual(['redis-server', 'postgres']);
      expect(existsSync(stack.dir!)).toBe(true);

      const redis = new Redis(stack.endpoints.redisUrl);
      await redis.set('k', 'v');
      expect(await redis.get('k')).toBe('v');
      await redis.quit();
      const maxConnections = await withPg(stack.endpoints.databaseUrl, async (client) => {
        return (await client.query<{ max_connections: string }>('show max_connections')).rows[0]!.max_connections;
      });
      expect(maxConnections).toBe('200');
    } finally {
      await stack.stop();
    }
    expect(await waitForProcessesGone(pids, 0)).toEqual([]);
    expect(existsSync(stack.dir!)).toBe(false);
  });
});
