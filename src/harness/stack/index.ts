// The stack provider's public surface: test files use the scenario helpers with `inject('stack')`;
// CLIs and scripts that need servers outside vitest call startStack().
// Rooms: choose/ decides which stack (STACK, URLs, Docker, local binaries); local/ starts disposable
// servers on this machine; containers/ runs them in testcontainers; guard/ holds the processes that
// stop servers when their owner dies; isolation/ gives each scenario file its database and prefix.
export { startStack, type StartStackOptions } from './stack-provider.js';
export { createScenarioDatabase, type ScenarioDatabase } from './isolation/scenario-database.js';
export { scenarioPrefix } from './isolation/scenario-prefix.js';
export { chooseStackMode } from './choose/choose-stack-mode.js';
export type { GuardedProcess, RunningStack, StackEndpoints, StackMode } from './types.js';
export * from './errors.js';
