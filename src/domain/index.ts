// The domain's public surface: entities, ORM, schema, ledger, idempotency and services.
export * from './entities/index.js';
export { createOrm } from './orm.js';
export { prepareSchema, pendingSchemaSql, resetData } from './schema.js';
export {
  recordEffect,
  countEffects,
  duplicateSubjects,
  distinctSubjects,
  countHandledSubjects,
  ledgerEntries,
  effectsPerExecution,
} from './side-effect-ledger.js';
export { recordEffectOnce, claimEffectKey, isEffectKeyClaimed } from './idempotency.js';
export { recordJobCompletion, jobCompletionsOf } from './job-completions.js';
export { toCents, fromCents, normaliseMoney } from './money.js';
export * from './services/index.js';
export * from './errors.js';
export type * from './types.js';
