import { startDetachedStack, stackPids, stopRecordedStack } from '../harness/operator/detached-stack.js';
import { findRunningStacks, type StackMarker } from '../harness/operator/stack-marker.js';
import { withStackStartLock } from '../harness/operator/stack-start-lock.js';
import { readRecordedStack, stackStateFile, writeRecordedStack, type RecordedStack } from '../harness/operator/stack-state.js';
import { isProcessRunning } from '../harness/stack/guard/process-liveness.js';
import { redactUrl } from '../harness/stack/redact-url.js';
import { checkRedisAnswers as checkRedis } from '../harness/operator/check-redis-answers.js';
import { checkDatabase } from './check-database.js';
import type { StackAction } from './stack-args.js';

/** The work behind `npm run stack -- up|down|status`. Returns the exit code. */
export async function runStack(action: StackAction): Promise<number> {
  const stateFile = stackStateFile();
  const recorded = readRecordedStack(stateFile);
  // Stacks started for this state file that it does not name (it was deleted, or overwritten).
  const unrecorded = () => findRunningStacks(stateFile).filter((found) => found.holderPid !== recorded?.holderPid);
  switch (action) {
    case 'up':
      // Under the lock, so a second `up` started meanwhile is refused instead of starting a second stack.
      return withStackStartLock(stateFile, () => up(stateFile));
    case 'down': {
      const stacks: (RecordedStack | StackMarker)[] = [...(recorded ? [recorded] : []), ...unrecorded()];
      if (stacks.length === 0) {
        console.log('stack: no stack recorded or found running; nothing to stop');
        return 0;
      }
      let failed = false;
      for (const stack of stacks) {
        const left = await stopRecordedStack(stack);
        const which = stack === recorded ? '' : ' (a stack that was not recorded)';
        if (left.length > 0) {
          console.error(`stack: processes ${left.join(', ')}${which} did not stop; stop them by hand`);
          failed = true;
        } else {
          console.log(`stack: down${which}: stopped pids ${stackPids(stack).join(', ')}${stack.dir ? ` and removed ${stack.dir}` : ''}`);
        }
      }
      return failed ? 1 : 0;
    }
    case 'status': {
      const found = unrecorded();
      for (const stack of found) {
        console.log(`stack: NOT RECORDED but running: holder pid ${stack.holderPid}, ${stack.description}, since ${stack.startedAt}; npm run stack -- down stops it`);
      }
      if (!recorded) {
        if (found.length === 0) console.log('stack: none recorded; npm run stack -- up starts one');
        return found.length === 0 ? 0 : 1;
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
      const healthy = holderUp && !redisProblem && !databaseProblem && found.length === 0;
      if (!healthy) console.log('stack: run `npm run stack -- down`, then `npm run stack -- up`');
      return healthy ? 0 : 1;
    }
  }
}

async function up(stateFile: string): Promise<number> {
  const recorded = readRecordedStack(stateFile);
  if (recorded && isProcessRunning(recorded.holderPid)) {
    console.log(`stack: already up (${recorded.description}); npm run stack -- down stops it`);
    return 0;
  }
  if (recorded) await stopRecordedStack(recorded); // a dead record: clean it before starting anew
  const [running] = findRunningStacks(stateFile);
  if (running) {
    // Its state file was lost: record the running stack again rather than start a second one.
    const { stateFile: _file, markerDir: _dir, ...stack } = running;
    writeRecordedStack(stack, stateFile);
    console.log(`stack: already up but not recorded (holder pid ${running.holderPid}); recorded it again in ${stateFile}`);
    return 0;
  }
  console.log('stack: starting Redis and PostgreSQL (they keep running after this command)...');
  const stack = await startDetachedStack();
  console.log(`stack: up: ${stack.description}`);
  console.log(`stack: redis ${redactUrl(stack.redisUrl)}, database ${redactUrl(stack.databaseUrl)}`);
  console.log(`stack: recorded in ${stateFile}; next: npm run setup, or npm run demo:compare`);
  return 0;
}
