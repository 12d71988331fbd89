export { InvalidSeedSizeError } from './invalid-seed-size-error.js';
export { UnknownSeedCustomerError } from './unknown-seed-customer-error.js';
export { BulkInsertMismatchError } from './bulk-insert-mismatch-error.js';
