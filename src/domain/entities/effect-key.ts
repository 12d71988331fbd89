import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Claimed idempotency keys. A key is inserted (ON CONFLICT DO NOTHING) in the same transaction as
 * the effect it guards; see src/domain/idempotency.ts for why this is a table of its own.
 */
export const EffectKey = defineEntity({
  name: 'EffectKey',
  tableName: 'effect_keys',
  properties: (p) => ({
    key: p.text().primary(),
    jobId: p.text(),
    engine: p.text(),
    kind: p.text(),
    subjectId: p.integer(),
    execution: p.integer(),
    createdAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  }),
});

export type EffectKey = InferEntity<typeof EffectKey>;
