export { BenchmarkCheckFailedError } from './benchmark-check-failed-error.js';
export { BenchmarkTaskFailedError } from './benchmark-task-failed-error.js';
export { JobDidNotCompleteError } from './job-did-not-complete-error.js';
