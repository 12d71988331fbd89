import type { DemoOptions } from '../harness/operator/demo-options.js';
import { runDemo } from '../harness/operator/demo-runner.js';
import { ServersNotFoundError } from '../harness/operator/errors.js';
import { openOperatorContext } from '../harness/operator/operator-context.js';
import { ProgressBoard } from '../harness/operator/progress-board.js';
import { operatorDatabaseUrl, readRecordedStack } from '../harness/operator/stack-state.js';
import { startStack } from '../harness/stack/stack-provider.js';
import type { RunningStack } from '../harness/stack/types.js';
import { describeAddress, resolveServers } from './servers.js';

/** `npm run demo`: on the configured servers, or on its own disposable stack, stopped at the end. */
export async function runDemoCommand(options: DemoOptions): Promise<number> {
  const board = new ProgressBoard();
  let ownStack: RunningStack | undefined;
  let redisUrl: string;
  let databaseUrl: string;
  try {
    const servers = resolveServers();
    redisUrl = servers.redis.url;
    databaseUrl = servers.database.url;
    board.say(`demo: redis ${describeAddress(servers.redis, 'REDIS_URL')}`);
    board.say(`demo: database ${describeAddress(servers.database, 'DATABASE_URL')}`);
  } catch (error) {
    // Nothing configured at all: start our own. A recorded stack that died is the user's to fix.
    if (!(error instanceof ServersNotFoundError) || readRecordedStack()) throw error;
    board.say('demo: no servers configured; starting disposable ones for this run (stopped at the end)');
    ownStack = await startStack({ env: { STACK: process.env.STACK, STACK_REDIS: process.env.STACK_REDIS }, log: (line) => board.say(`demo: ${line}`) });
    redisUrl = ownStack.endpoints.redisUrl;
    databaseUrl = operatorDatabaseUrl(ownStack.endpoints.databaseUrl);
  }
  try {
    const context = await openOperatorContext(redisUrl, databaseUrl);
    try {
      const outcome = await runDemo(options, context, board);
      return outcome.ok ? 0 : 1;
    } finally {
      await context.close();
    }
  } finally {
    await ownStack?.stop();
  }
}
