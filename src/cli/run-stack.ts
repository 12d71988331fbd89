import { startDetachedStack, stackPids, stopRecordedStack } from '../harness/operator/detached-stack.js';
import { readRecordedStack, stackStateFile } from '../harness/operator/stack-state.js';
import { isProcessRunning } from '../harness/stack/guard/process-liveness.js';
import { redactUrl } from '../harness/stack/redact-url.js';
import { checkRedisAnswers as checkRedis } from '../harness/operator/check-redis-answers.js';
import { checkDatabase } from './check-database.js';
import type { StackAction } from './stack-args.js';

/** The work behind `npm run stack -- up|down|status`. Returns the exit code. */
export async function runStack(action: StackAction): Promise<number> {
  const stateFile = stackStateFile();
  const recorded = readRecordedStack(stateFile);
  switch (action) {
    case 'up': {
      if (recorded && isProcessRunning(recorded.holderPid)) {
        console.log(`stack: already up (${recorded.description}); npm run stack -- down stops it`);
        return 0;
      }
      if (recorded) await stopRecordedStack(recorded); // a dead record: clean it before starting anew
      console.log('stack: starting Redis and PostgreSQL (they keep running after this command)...');
      const stack = await startDetachedStack();
      console.log(`stack: up: ${stack.description}`);
      console.log(`stack: redis ${redactUrl(stack.redisUrl)}, database ${redactUrl(stack.databaseUrl)}`);
      console.log(`stack: recorded in ${stateFile}; next: npm run setup, or npm run demo:compare`);
      return 0;
    }
    case 'down': {
      if (!recorded) {
        console.log('stack: no stack recorded; nothing to stop');
        return 0;
      }
      const left = await stopRecordedStack(recorded);
      if (left.length > 0) {
        console.error(`stack: processes ${left.join(', ')} did not stop; stop them by hand`);
        return 1;
      }
      console.log(`stack: down: stopped pids ${stackPids(recorded).join(', ')}${recorded.dir ? ` and removed ${recorded.dir}` : ''}`);
      return 0;
    }
    case 'status': {
      if (!recorded) {
        console.log('stack: none recorded; npm run stack -- up starts one');
        return 0;
      }
      const holderUp = isProcessRunning(recorded.holderPid);
      const [redisProblem, databaseProblem] = await Promise.all([checkRedis(recorded.redisUrl, 2_000), checkDatabase(recorded.adminDatabaseUrl)]);
      console.log(`stack: ${holderUp ? 'up' : 'NOT RUNNING (holder gone)'}: ${recorded.description}, since ${recorded.startedAt}`);
      console.log(`stack: holder pid ${recorded.holderPid} ${holderUp ? 'running' : 'gone'}`);
      for (const server of recorded.processes) {
        console.log(`stack: ${server.name} pid ${server.pid} ${isProcessRunning(server.pid) ? 'running' : 'gone'}`);
      }
      console.log(`stack: redis ${redactUrl(recorded.redisUrl)} ${redisProblem ? `does not answer (${redisProblem})` : 'answers'}`);
      console.log(`stack: postgres ${redactUrl(recorded.databaseUrl)} ${databaseProblem ? `does not answer (${databaseProblem})` : 'answers'}`);
      const healthy = holderUp && !redisProblem && !databaseProblem;
      if (!healthy) console.log('stack: run `npm run stack -- down`, then `npm run stack -- up`');
      return healthy ? 0 : 1;
    }
  }
}
