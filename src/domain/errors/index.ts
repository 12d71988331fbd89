export { InvalidMoneyError } from './invalid-money-error.js';
export { InvalidProcessingSettingsError } from './invalid-processing-settings-error.js';
export { SimulatedFailureError } from './simulated-failure-error.js';
export { SubjectNotFoundError } from './subject-not-found-error.js';
