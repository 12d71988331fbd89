import type { EntityManager } from '@mikro-orm/postgresql';
import { claimEffectKey } from '../idempotency.js';
import { recordEffect } from '../side-effect-ledger.js';
import type { JobContext, ProcessingSettings } from '../types.js';
import { doSimulatedWork } from './simulated-work.js';
import type { AppliedEffect, EffectResult, EffectSpec } from './types.js';

/**
 * The frame every service effect runs in:
 * 1. the simulated work (delay), then the seeded failure, both before anything is written;
 * 2. one transaction holding the effect and its ledger row and, in idempotent mode, the key claim
 *    that decides whether the effect happens at all (`applied: false` when it was claimed before).
 * If the caller's EntityManager is already in a transaction (a job persisting its cursor with the
 * effect), the effect joins it as a savepoint; otherwise it runs in a fresh fork, so the identity
 * map does not grow with the number of items.
 */
export async function runEffect<T>(
  em: EntityManager,
  context: JobContext,
  settings: ProcessingSettings,
  spec: EffectSpec,
  apply: (tem: EntityManager) => Promise<AppliedEffect<T>>,
): Promise<EffectResult<T>> {
  await doSimulatedWork(settings, context, spec.family, spec.subjectId);

  const base = em.isInTransaction() ? em : em.fork();
  return base.transactional(async (tem): Promise<EffectResult<T>> => {
    const effect = {
      jobId: context.jobId,
      engine: context.engine,
      subjectId: spec.subjectId,
      execution: context.execution,
      idempotencyKey: spec.idempotencyKey,
    };
    if (settings.idempotent && !(await claimEffectKey(tem, { ...effect, kind: spec.family }))) {
      // The effect is suppressed, but the attempt is logged: a crash's replayed work stays measurable.
      await recordEffect(tem, { ...effect, kind: `${spec.family}.replayed` });
      return { applied: false };
    }
    const { kind, value } = await apply(tem);
    await recordEffect(tem, { ...effect, kind });
    return { applied: true, kind, value };
  });
}
