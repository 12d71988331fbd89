export { UnknownJobError } from './unknown-job-error.js';
export { InvalidControlFlagError } from './invalid-control-flag-error.js';
export { LockLostError } from './lock-lost-error.js';
export { ClusterPrefixError } from './cluster-prefix-error.js';
