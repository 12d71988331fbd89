export { BenchmarkCheckFailedError } from './benchmark-check-failed-error.js';
export { BenchUsageError } from './bench-usage-error.js';
export { JobDidNotCompleteError } from './job-did-not-complete-error.js';
