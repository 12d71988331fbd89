import { afterAll, inject } from 'vitest';
import '../../src/harness/stack/isolation/provided-context.js';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import { openIsolatedStack, type IsolatedStack } from './isolated-stack.js';

/** One scenario file's isolated stack (see openIsolatedStack). */
export type ScenarioEnvironment = IsolatedStack;

// Registered when a scenario file imports this module, so it belongs to the file's root suite and
// runs after all of the file's tests (a hook registered inside a beforeAll would never run).
const openEnvironments = new Set<ScenarioEnvironment>();
afterAll(async () => {
  await Promise.all([...openEnvironments].map((environment) => environment.close()));
});

/**
 * Everything one scenario file needs: its own database (schema ready) and its own BullMQ prefix on
 * the run's Redis and Postgres, so scenario files can run in parallel without seeing each other.
 * Closed after the file's tests: runtimes closed, the database dropped, the prefix's keys deleted
 * (on servers of your own, a test run leaves nothing behind). Runtimes recover crashed jobs fast
 * and poll flags often, so scenarios take seconds.
 */
export async function openScenario(name: string): Promise<ScenarioEnvironment> {
  const isolated = await openIsolatedStack(inject('stack'), name, { crashRecovery: fastCrashRecovery, flagPollMs: 20 });
  const environment: ScenarioEnvironment = {
    ...isolated,
    close: async () => {
      openEnvironments.delete(environment);
      await isolated.close();
    },
  };
  openEnvironments.add(environment);
  return environment;
}
