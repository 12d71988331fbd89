import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { LocalServerStartError } from '../errors.js';
import { findFreePort } from './free-port.js';
import { startSupervisedServer, type SupervisedServer } from '../guard/supervised-server.js';

const run = promisify(execFile);

export interface LocalRedisCluster {
  /** `redis+cluster://127.0.0.1:<first master>`: one seed node, the client discovers the rest. */
  url: string;
  ports: number[];
  processes: SupervisedServer[];
  stop(): Promise<void>;
}

/**
 * A throwaway Redis Cluster of `masters` nodes (no replicas), as a team would run one to scale out:
 * each node a `redis-server --cluster-enabled yes` under the same guard as the single server, the slots
 * spread by `redis-cli --cluster create`, ready once every node reports `cluster_state:ok`.
 */
export async function startLocalRedisCluster(redisServer: string, dir: string, masters = 3): Promise<LocalRedisCluster> {
  const nodes: SupervisedServer[] = [];
  const stop = () => Promise.all(nodes.map((node) => node.stop())).then(() => undefined);
  try {
    const ports: number[] = [];
    for (let i = 0; i < masters; i++) {
      const { node, port } = await startClusterNode(redisServer, join(dir, `node-${i + 1}`));
      nodes.push(node);
      ports.push(port);
    }
    await createCluster(join(dirname(redisServer), 'redis-cli'), ports);
    await waitForClusterOk(ports);
    return { url: `redis+cluster://127.0.0.1:${ports[0]}`, ports, processes: nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startClusterNode(binary: string, dir: string): Promise<{ node: SupervisedServer; port: number }> {
  await mkdir(dir, { recursive: true });
  // Two ports per node: clients, and the cluster bus (chosen here rather than port + 10000, which may be taken).
  const [port, busPort] = [await findFreePort(), await findFreePort()];
  const node = await startSupervisedServer({
    name: `redis-server (cluster node :${port})`,
    command: binary,
    args: [
      '--port', String(port),
      '--cluster-port', String(busPort),
      '--cluster-enabled', 'yes',
      '--cluster-config-file', join(dir, 'nodes.conf'),
      '--cluster-node-timeout', '5000',
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      '--dir', dir,
      '--pidfile', join(dir, 'redis.pid'),
    ],
    cwd: dir,
    stopSignal: 'SIGTERM',
    removeDir: dir,
    readyWhen: { stream: 'stdout', pattern: /Ready to accept connections/i },
  });
  return { node, port };
}

async function createCluster(redisCli: string, ports: number[]): Promise<void> {
  try {
    await run(redisCli, [
      '--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas', '0', '--cluster-yes',
    ]);
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    throw new LocalServerStartError('redis cluster', 'redis-cli --cluster create failed', output.trim());
  }
}

async function waitForClusterOk(ports: number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    const node = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    try {
      for (;;) {
        const info = await node.cluster('INFO');
        if (/cluster_state:ok/.test(String(info))) break;
        if (Date.now() > deadline) {
          throw new LocalServerStartError('redis cluster', `node :${port} did not report cluster_state:ok within ${timeoutMs} ms`, '');
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      node.disconnect();
    }
  }
}
