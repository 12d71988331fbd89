export { ContinuationError } from './continuation-error.js';
export { InvalidStepError, type InvalidStepRule } from './invalid-step-error.js';
export { UnadvanceableCursorError } from './unadvanceable-cursor-error.js';
export { UnserializableCursorError } from './unserializable-cursor-error.js';
export { InvalidContinuationError } from './invalid-continuation-error.js';
export { ResumeLimitError } from './resume-limit-error.js';
export { SwallowedInterruptError } from './swallowed-interrupt-error.js';
export { ContinuationInterrupt, isContinuationInterrupt } from './continuation-interrupt.js';
export { ContinuableJobNotRunningError } from './continuable-job-not-running-error.js';
