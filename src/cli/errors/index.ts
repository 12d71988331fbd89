export { CliUsageError } from './cli-usage-error.js';
export { DatabaseUnreachableError } from './database-unreachable-error.js';
