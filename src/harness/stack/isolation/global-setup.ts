import type { TestProject } from 'vitest/node';
import './provided-context.js';
import { startStack } from '../stack-provider.js';

/**
 * vitest globalSetup: one Redis and one PostgreSQL for the whole run, handed to test files as
 * `inject('stack')`. Each scenario file then makes its own database and BullMQ prefix
 * (createScenarioDatabase, scenarioPrefix). The returned teardown stops what was started; if the
 * run is killed instead, the guard processes stop the servers.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack();
  project.provide('stack', stack.endpoints);
  return () => stack.stop();
}
