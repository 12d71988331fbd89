import type { MikroORM } from '@mikro-orm/postgresql';
import { MonitorError } from '../harness/monitor/errors.js';
import { MonitorSource } from '../harness/monitor/monitor-source.js';
import { runMonitor } from '../harness/monitor/run-monitor.js';
import { redactUrl } from '../harness/stack/redact-url.js';
import { connectRedis } from '../runtime/redis-connection.js';
import { checkRedis } from './check-redis.js';
import type { MonitorCommand } from './monitor-args.js';
import { openDatabase } from './open-database.js';
import { resolveServers } from './servers.js';

/** `npm run monitor`: find the servers, then draw frames until Ctrl-C / SIGTERM (or once). */
export async function runMonitorCommand(command: MonitorCommand): Promise<number> {
  const servers = resolveServers();
  const problem = await checkRedis(servers.redis.url);
  if (problem) {
    throw new MonitorError(`cannot reach Redis at ${redactUrl(servers.redis.url)} (${problem}); start it (npm run stack -- up) or set REDIS_URL`);
  }
  const orm: MikroORM = await openDatabase(servers.database.url);
  const redis = connectRedis(servers.redis.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // a lost connection fails the next read, in one line
  const source = new MonitorSource({ redis, orm, prefix: command.prefix, queues: command.queues });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  try {
    await runMonitor({ source, intervalMs: command.intervalMs, once: command.once, stdout: process.stdout, stopped });
    return 0;
  } finally {
    await source.close();
    redis.disconnect();
    await orm.close(true);
  }
}
