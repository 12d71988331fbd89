import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * The append-only ledger of externally visible effects. "No duplicate processing" is a query on
 * this table (src/domain/side-effect-ledger.ts), never a counter kept by a job.
 * There is deliberately NO unique constraint on the subject: a duplicate must be recorded so it
 * can be counted. Idempotency lives in the separate `effect_keys` table (src/domain/idempotency.ts).
 */
export const SideEffect = defineEntity({
  name: 'SideEffect',
  tableName: 'side_effects',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    jobId: p.text(),
    /** 'continuable' | 'iteration' (text, so a third engine needs no migration). */
    engine: p.text(),
    /** What happened, e.g. 'order.processed', 'report.written', 'email.sent'. */
    kind: p.text(),
    /** The id of the order, customer or recipient the effect was about. */
    subjectId: p.integer(),
    /** The job's execution number (1 for the first run, +1 per resume) that caused the effect. */
    execution: p.integer(),
    idempotencyKey: p.text(),
    createdAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  }),
  indexes: [{ properties: ['jobId', 'kind', 'subjectId'] }],
});

export type SideEffect = InferEntity<typeof SideEffect>;
