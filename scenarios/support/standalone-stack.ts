import { startStack } from '../../src/harness/stack/stack-provider.js';
import { openIsolatedStack, type IsolatedStack, type RuntimeDefaults } from './isolated-stack.js';

export interface StandaloneStack extends IsolatedStack {
  /** True once Ctrl-C or SIGTERM began the release: work still running fails because its servers go away. */
  readonly interrupted: boolean;
}

/**
 * An isolated stack for a script run outside vitest (the benchmarks): starts the servers as the
 * test run would (REDIS_URL + DATABASE_URL, Docker, or local servers), opens an isolated stack on
 * them, and releases everything on `close()`, on Ctrl-C and on SIGTERM, so an interrupted run
 * leaves no server, database or Redis key behind. The signal handlers stay installed until the
 * release ends: npm relays Ctrl-C a second time, and exiting then would cut the cleanup short.
 */
export async function openStandaloneStack(name: string, runtimeDefaults: RuntimeDefaults = {}, log = (line: string) => console.error(line)): Promise<StandaloneStack> {
  let interrupted = false;
  let servers: Awaited<ReturnType<typeof startStack>> | undefined;
  let isolated: IsolatedStack | undefined;
  let releasing: Promise<void> | undefined;
  const release = () =>
    (releasing ??= (async () => {
      await isolated?.close().catch((error: unknown) => log(`cleanup: ${describe(error)}`));
      await servers?.stop().catch((error: unknown) => log(`cleanup: stopping the servers: ${describe(error)}`));
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal} received: releasing the stack`);
    void release().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    servers = await startStack();
    // A signal during the start released nothing of these yet.
    if (interrupted) await servers.stop();
    isolated = await openIsolatedStack(servers.endpoints, name, runtimeDefaults);
  } catch (error) {
    await release();
    throw error;
  }
  return {
    ...isolated,
    get interrupted() {
      return interrupted;
    },
    close: release,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
