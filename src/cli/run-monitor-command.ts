import { MonitorSource } from '../harness/monitor/monitor-source.js';
import { runMonitor } from '../harness/monitor/run-monitor.js';
import { openOperatorContext, operatorPrefix } from '../harness/operator/operator-context.js';
import type { MonitorCommand } from './monitor-args.js';
import { resolveServers } from './servers.js';

/** `npm run monitor`: find the servers, then draw frames until Ctrl-C / SIGTERM (or once). */
export async function runMonitorCommand(command: MonitorCommand): Promise<number> {
  const servers = resolveServers();
  const prefix = command.prefix ?? operatorPrefix();
  // The operator context checks both servers (one line naming the one that does not answer).
  const context = await openOperatorContext(servers.redis.url, servers.database.url, { prefix });
  const source = new MonitorSource({ redis: context.runtime.redis, orm: context.orm, prefix, queues: command.queues });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  try {
    await runMonitor({ source, intervalMs: command.intervalMs, once: command.once, stdout: process.stdout, stopped });
    return 0;
  } finally {
    await source.close();
    await context.close();
  }
}
