import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startSupervisedServer, type SupervisedServer } from '../guard/supervised-server.js';

export interface LocalRedisServer {
  url: string;
  port: number;
  process: SupervisedServer;
}

/**
 * A throwaway redis-server on 127.0.0.1:port, with nothing persisted; its folder `dir` is removed
 * when it stops (or when the process that started it dies).
 */
export async function startLocalRedisServer(binary: string, port: number, dir: string): Promise<LocalRedisServer> {
  await mkdir(dir, { recursive: true });
  const server = await startSupervisedServer({
    name: 'redis-server',
    command: binary,
    args: [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      '--dir', dir,
      '--pidfile', join(dir, 'redis.pid'), // lets sweepAbandonedStacks find it if its guard dies
    ],
    cwd: dir,
    stopSignal: 'SIGTERM',
    removeDir: dir,
    readyWhen: { stream: 'stdout', pattern: /Ready to accept connections/i },
  });
  return { url: `redis://127.0.0.1:${port}`, port, process: server };
}
