import { describe, expect, inject, it, vi } from 'vitest';
import { StackEndpointUnreachableError, StackUnavailableError } from './errors.js';
import { findFreePort } from './local/free-port.js';
import { startStack } from './stack-provider.js';

const stack = inject('stack');

describe('the stack provider', () => {
  it('uses REDIS_URL and DATABASE_URL as given, probes nothing, and says so in one line', async () => {
    const docker = vi.fn();
    const localBinaries = vi.fn();
    const lines: string[] = [];
    const started = await startStack({
      env: { REDIS_URL: stack.redisUrl, DATABASE_URL: stack.databaseUrl },
      log: (line) => lines.push(line),
      probes: { docker, localBinaries },
    });
    await started.stop();

    expect(started.endpoints).toMatchObject({ mode: 'external', redisUrl: stack.redisUrl, databaseUrl: stack.databaseUrl });
    expect(started.processes).toEqual([]);
    expect(docker).not.toHaveBeenCalled();
    expect(localBinaries).not.toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^stack: external \(redis redis:\/\/.+, postgres postgres:\/\/.+\), ready in \d+ ms$/);
  });

  it('fails before any test runs when an external server does not answer', async () => {
    const closedPort = await findFreePort();
    const failure = startStack({
      env: { REDIS_URL: `redis://127.0.0.1:${closedPort}`, DATABASE_URL: stack.databaseUrl },
      log: () => undefined,
    });
    await expect(failure).rejects.toBeInstanceOf(StackEndpointUnreachableError);
    await expect(failure).rejects.toThrow(`Redis at redis://127.0.0.1:${closedPort} did not answer`);
  });

  it('runs the probes in order and stops at the first that fails the chain', async () => {
    const calls: string[] = [];
    const failure = startStack({
      env: {},
      log: () => undefined,
      probes: {
        docker: async () => (calls.push('docker'), { available: false, reason: 'no engine' }),
        localBinaries: () => (calls.push('localBinaries'), { available: false, missing: ['redis-server'] }),
      },
    });
    await expect(failure).rejects.toBeInstanceOf(StackUnavailableError);
    expect(calls).toEqual(['docker', 'localBinaries']);
  });
});
