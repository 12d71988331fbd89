// The stack provider's public surface: test files use the scenario helpers with `inject('stack')`;
// CLIs and scripts that need servers outside vitest call startStack().
export { startStack, type StartStackOptions } from './stack-provider.js';
export { createScenarioDatabase, type ScenarioDatabase } from './scenario-database.js';
export { scenarioPrefix } from './scenario-prefix.js';
export { chooseStackMode } from './choose-stack-mode.js';
export type { GuardedProcess, RunningStack, StackEndpoints, StackMode } from './types.js';
export * from './errors/index.js';
