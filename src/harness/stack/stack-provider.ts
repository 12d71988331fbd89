import { performance } from 'node:perf_hooks';
import { checkStackEndpoints } from './choose/check-endpoints.js';
import { chooseStackMode } from './choose/choose-stack-mode.js';
import { startContainerStack } from './containers/container-stack.js';
import { useExternalStack } from './choose/external-stack.js';
import { findLocalBinaries } from './local/find-local-binaries.js';
import { startLocalStack } from './local/local-stack.js';
import { probeDocker } from './choose/probe-docker.js';
import type {
  DockerProbe,
  LocalBinariesProbe,
  RunningStack,
  StackChoice,
  StackEnv,
  StackLog,
  StackProbes,
} from './types.js';

export interface StartStackOptions {
  /** Defaults to process.env. */
  env?: StackEnv;
  /** Receives the one line saying which stack was chosen; defaults to console.log. */
  log?: StackLog;
  /** Replace the real probes (tests). */
  probes?: { docker?: () => Promise<DockerProbe>; localBinaries?: () => LocalBinariesProbe };
}

/**
 * Gives the test run a Redis and a PostgreSQL: the user's (REDIS_URL + DATABASE_URL), containers
 * (Docker), or disposable local servers, in that order unless STACK forces one. Logs one line
 * saying which and where, checks that both answer, and returns them with a `stop()` that releases
 * whatever was started. Throws a named error whose message says how to fix it when none can work.
 */
export async function startStack(options: StartStackOptions = {}): Promise<RunningStack> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const startedAt = performance.now();

  const choice = await decideWithProbes(env, options.probes ?? {});
  const stack = await startChosenStack(choice);
  try {
    await checkStackEndpoints(stack.endpoints);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const reason = choice.forced ? `, forced by STACK=${choice.mode}` : '';
  log(`stack: ${stack.endpoints.description}${reason}, ready in ${Math.round(performance.now() - startedAt)} ms`);
  return stack;
}

async function decideWithProbes(env: StackEnv, overrides: NonNullable<StartStackOptions['probes']>): Promise<StackChoice> {
  const probes: StackProbes = {};
  for (;;) {
    const decision = chooseStackMode(env, probes);
    if (decision.kind === 'chosen') return decision.choice;
    if (decision.probe === 'docker') probes.docker = await (overrides.docker ?? probeDocker)();
    else probes.localBinaries = (overrides.localBinaries ?? findLocalBinaries)();
  }
}

async function startChosenStack(choice: StackChoice): Promise<RunningStack> {
  switch (choice.mode) {
    case 'external':
      return useExternalStack(choice.redisUrl, choice.databaseUrl);
    case 'containers':
      return startContainerStack(choice.redisImage, choice.postgresImage);
    case 'local':
      return startLocalStack(choice.binaries, { redisCluster: choice.redisCluster });
  }
}
