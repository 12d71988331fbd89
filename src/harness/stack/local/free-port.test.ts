import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort, withFreePort } from './free-port.js';

describe('free ports for local servers', () => {
  it('finds a port nothing listens on, that can then be bound', async () => {
    const port = await findFreePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
    expect(port).toBeGreaterThan(0);
  });

  it('retries on a fresh port when the server finds its port taken', async () => {
    const tried: number[] = [];
    const result = await withFreePort(async (port) => {
      tried.push(port);
      if (tried.length === 1) throw new Error('Could not create server TCP listening socket: bind: Address already in use');
      return `started on ${port}`;
    });
    expect(tried).toHaveLength(2);
    expect(result).toBe(`started on ${tried[1]}`);
  });

  it('does not retry other failures, and stops after the last attempt', async () => {
    let calls = 0;
    await expect(withFreePort(async () => (calls++, Promise.reject(new Error('initdb: permission denied'))))).rejects.toThrow(
      'permission denied',
    );
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      withFreePort(async () => (calls++, Promise.reject(new Error('could not bind IPv4 address'))), 3),
    ).rejects.toThrow('could not bind');
    expect(calls).toBe(3);
  });
});
