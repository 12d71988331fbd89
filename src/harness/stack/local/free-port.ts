import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now: the kernel picks it when we bind port 0. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port the kernel picked'));
      });
    });
  });
}

/**
 * Another process can take the port between our probe and the server's bind; retry with a fresh
 * port when the server's failure says so.
 */
export async function withFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await findFreePort());
    } catch (error) {
      const portTaken = /address already in use|could not bind|could not create any TCP\/IP sockets/i.test(
        String((error as Error).message),
      );
      if (!portTaken || attempt >= attempts) throw error;
    }
  }
}
