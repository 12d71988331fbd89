import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEffect } from './side-effect-ledger.js';
import type { EffectRecord } from './types.js';

/*
 * Idempotent effects.
 *
 * A resumed job may repeat the items it did after its last durable checkpoint (a crash loses up to
 * one flush interval). To make the repeat harmless, an effect carries a key naming *what* it did
 * ("order:42:processed", "email:3:1017") and the key is claimed in the same transaction as the
 * effect: the first claim wins, any later one sees the key and skips the effect.
 *
 * Why a separate `effect_keys` table and not a (partial) unique index on side_effects:
 * - the ledger must stay a plain append-only log with no unique constraint at all, so that the raw
 *   (non-idempotent) mode can record a duplicate instead of having the database refuse it; the
 *   duplicate is exactly what scenarios want to count;
 * - a partial unique index would need an extra "guarded" column on every ledger row, and a raw row
 *   written after a guarded one for the same key would then be allowed or refused depending on a
 *   flag: two meanings in one table;
 * - with its own table, "was this done?" is one primary-key probe, and claiming the key *before*
 *   the effect lets the caller skip the effect itself, not only its ledger row.
 * INSERT ... ON CONFLICT DO NOTHING RETURNING is atomic under concurrency: of two transactions
 * claiming the same key, the second waits for the first and then gets no row back.
 */

/** Claims the key; true if this call is the first to claim it (the effect should happen). */
export async function claimEffectKey(em: EntityManager, effect: EffectRecord): Promise<boolean> {
  const rows = await em.execute<{ key: string }[]>(
    `insert into effect_keys (key, job_id, engine, kind, subject_id, execution)
     values (?, ?, ?, ?, ?, ?) on conflict (key) do nothing returning key`,
    [effect.idempotencyKey, effect.jobId, effect.engine, effect.kind, effect.subjectId, effect.execution],
  );
  return rows.length === 1;
}

/**
 * Claims several keys in one statement; returns the keys this call claimed first (a key given twice
 * is claimed once, under its first record). Keys are inserted in sorted order, so two concurrent
 * batches with overlapping keys wait on each other instead of deadlocking.
 */
export async function claimEffectKeys(em: EntityManager, effects: readonly EffectRecord[]): Promise<Set<string>> {
  const firstPerKey = new Map<string, EffectRecord>();
  for (const effect of effects) if (!firstPerKey.has(effect.idempotencyKey)) firstPerKey.set(effect.idempotencyKey, effect);
  if (firstPerKey.size === 0) return new Set();
  const sorted = [...firstPerKey.values()].sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : 1));
  const rows = await em.execute<{ key: string }[]>(
    `insert into effect_keys (key, job_id, engine, kind, subject_id, execution)
     values ${sorted.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} on conflict (key) do nothing returning key`,
    sorted.flatMap((effect) => [
      effect.idempotencyKey,
      effect.jobId,
      effect.engine,
      effect.kind,
      effect.subjectId,
      effect.execution,
    ]),
  );
  return new Set(rows.map((row) => row.key));
}

/**
 * Records the effect in the ledger only if its idempotency key was not claimed before; returns
 * whether it was new. Call it in the effect's transaction, before applying the effect, and apply
 * the effect only when it returns true.
 */
export async function recordEffectOnce(em: EntityManager, effect: EffectRecord): Promise<boolean> {
  const isNew = await claimEffectKey(em, effect);
  if (isNew) await recordEffect(em, effect);
  return isNew;
}

/** Whether some execution already claimed this key. */
export async function isEffectKeyClaimed(em: EntityManager, key: string): Promise<boolean> {
  const rows = await em.execute<{ one: number }[]>('select 1 as one from effect_keys where key = ?', [key]);
  return rows.length > 0;
}
