export { UnknownJobError } from './unknown-job-error.js';
export { InvalidControlFlagError } from './invalid-control-flag-error.js';
export { LockLostError } from './lock-lost-error.js';
export { InvalidConnectionUrlError } from './invalid-connection-url-error.js';
export { InvalidJobArgumentsError } from './invalid-job-arguments-error.js';
export { EngineKeyWrongTypeError } from './engine-key-wrong-type-error.js';
export { ControlFlagForEndedJobError } from './control-flag-for-ended-job-error.js';
