import type { BoardCredentials } from '../harness/monitor/board-guard.js';
import { startBullBoard } from '../harness/monitor/bull-board-server.js';
import { discoverQueues } from '../harness/monitor/discover-queues.js';
import { MonitorError } from '../harness/monitor/errors.js';
import { checkRedisAnswers } from '../harness/operator/check-redis-answers.js';
import { operatorPrefix } from '../harness/operator/operator-context.js';
import { redactUrl } from '../harness/stack/redact-url.js';
import { connectRedis } from 'resumable-jobs/runtime';
import type { DashboardCommand } from './dashboard-args.js';
import { CliUsageError } from './errors.js';
import { resolveServers } from './servers.js';

/** `npm run dashboard`: bull-board on 127.0.0.1 until Ctrl-C / SIGTERM. Needs Redis only. */
export async function runDashboardCommand(command: DashboardCommand): Promise<number> {
  const credentials = dashboardCredentials(process.env);
  const { redis: address } = resolveServers(process.env, { needs: ['redis'] });
  const problem = await checkRedisAnswers(address.url);
  if (problem) throw new MonitorError(`cannot reach Redis at ${redactUrl(address.url)} (${problem}); start it (npm run stack -- up) or set REDIS_URL`);
  const prefix = command.prefix ?? operatorPrefix();
  const redis = connectRedis(address.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined); // bull-board shows the failing requests
  try {
    const found = command.queues.length > 0 ? command.queues : await discoverQueues(redis, prefix);
    const queues = found.length > 0 ? found : ['jobs'];
    const board = await startBullBoard({ redis, prefix, queues, port: command.port, allowWrites: command.allowWrites, credentials });
    // What guards it, never the credentials themselves.
    const guarded = [command.allowWrites ? 'writes allowed' : 'read-only', credentials ? 'basic auth from DASHBOARD_USER/DASHBOARD_PASSWORD' : 'no auth'];
    process.stdout.write(`bull-board: ${board.url} (prefix ${prefix}, queues ${queues.join(', ')}; ${guarded.join(', ')}; Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await board.close();
    return 0;
  } finally {
    redis.disconnect();
  }
}

/** Basic auth credentials from the environment: both variables or neither. */
export function dashboardCredentials(env: NodeJS.ProcessEnv): BoardCredentials | undefined {
  const user = env.DASHBOARD_USER ?? '';
  const password = env.DASHBOARD_PASSWORD ?? '';
  if (!user && !password) return undefined;
  if (!user || !password) throw new CliUsageError('dashboard: set both DASHBOARD_USER and DASHBOARD_PASSWORD for basic auth, or neither');
  return { user, password };
}
