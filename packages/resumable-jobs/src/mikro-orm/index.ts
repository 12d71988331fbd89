/**
 * The MikroORM enumerators for iteration jobs (`resumable-jobs/mikro-orm`): `records` and `batches`
 * walk an entity's rows by keyset pagination (job-iteration's `active_record_on_records` and
 * `active_record_on_batches`). This entry point is the only one that loads MikroORM; it needs
 * `@mikro-orm/core` and `@mikro-orm/knex` (any SQL driver package brings the latter), which are
 * optional peer dependencies of the package. Without MikroORM, use `this.enumerate.keyset(fetchPage,
 * { cursor })` from `resumable-jobs/iteration` over your own page query.
 *
 * Also the continuable engine's transaction guard for MikroORM (`inTransactionOf(em)`).
 */
export { records } from './records.js';
export { batches } from './batches.js';
export { batchFilters } from './batch-filters.js';
export { parallelRecords, parallelBatches, type ParallelKeysetOptions } from './parallel-keyset.js';
export { planKeyset, keysetPageQuery } from './keyset-query.js';
export * from './errors.js';
export { inTransactionOf, type TransactionAware } from './transaction-guard.js';
export type { KeysetCursor, KeysetOptions, KeysetPlan, CursorColumn } from './types.js';
