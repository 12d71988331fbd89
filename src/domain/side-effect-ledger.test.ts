import { expect, it } from 'vitest';
import { claimEffectKeys, isEffectKeyClaimed, recordEffectOnce } from './idempotency.js';
import {
  countEffects,
  distinctSubjects,
  duplicateSubjects,
  effectsPerExecution,
  ledgerEntries,
  recordEffect,
  recordEffects,
} from './side-effect-ledger.js';
import { describeWithDatabase } from '../../scenarios/support/describe-with-database.js';
import type { EffectRecord } from './types.js';

describeWithDatabase('the side-effect ledger', (db) => {
  const effect = (jobId: string, subjectId: number, execution = 1): EffectRecord => ({
    jobId,
    engine: 'iteration',
    kind: 'order.processed',
    subjectId,
    execution,
    idempotencyKey: `order:${subjectId}:processed`,
  });

  it('counts every effect, duplicates included, and names the subjects done twice', async () => {
    const em = db().orm.em.fork();
    for (const [subject, execution] of [[1, 1], [2, 1], [3, 1], [3, 2], [4, 2]] as const) {
      await recordEffect(em, effect('ledger-1', subject, execution));
    }
    expect(await countEffects(em, 'ledger-1', 'order.processed')).toBe(5);
    expect(await duplicateSubjects(em, 'ledger-1', 'order.processed')).toEqual([{ subjectId: 3, count: 2 }]);
    expect(await distinctSubjects(em, 'ledger-1', 'order.processed')).toEqual([1, 2, 3, 4]);
    expect(await effectsPerExecution(em, 'ledger-1', 'order.processed')).toEqual({ 1: 3, 2: 2 });
    expect(await countEffects(em, 'ledger-1', 'order.failed')).toBe(0);
  });

  it('answers for several jobs at once (concurrent jobs must not overlap either)', async () => {
    const em = db().orm.em.fork();
    await recordEffect(em, effect('ledger-2a', 10));
    await recordEffect(em, effect('ledger-2b', 10));
    await recordEffect(em, effect('ledger-2b', 11));
    expect(await duplicateSubjects(em, ['ledger-2a', 'ledger-2b'], 'order.processed')).toEqual([{ subjectId: 10, count: 2 }]);
    expect(await countEffects(em, [], 'order.processed')).toBe(0);
  });

  it('recordEffectOnce records a key once and reports whether it was new', async () => {
    const em = db().orm.em.fork();
    expect(await recordEffectOnce(em, effect('ledger-3', 20))).toBe(true);
    expect(await recordEffectOnce(em, effect('ledger-3', 20, 2))).toBe(false);
    expect(await isEffectKeyClaimed(em, 'order:20:processed')).toBe(true);
    expect(await countEffects(em, 'ledger-3', 'order.processed')).toBe(1);
  });

  it('keeps the ledger free of unique constraints: a raw duplicate after an idempotent one is still recorded', async () => {
    const em = db().orm.em.fork();
    await recordEffectOnce(em, effect('ledger-4', 30));
    await recordEffect(em, effect('ledger-4', 30));
    expect(await duplicateSubjects(em, 'ledger-4', 'order.processed')).toEqual([{ subjectId: 30, count: 2 }]);
  });

  it('lets only one of two concurrent claims of the same key win', async () => {
    const claim = () => db().orm.em.fork().transactional((tem) => recordEffectOnce(tem, effect('ledger-5', 40)));
    const results = await Promise.all([claim(), claim(), claim()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await countEffects(db().orm.em.fork(), 'ledger-5', 'order.processed')).toBe(1);
  });

  it('records a batch of rows in one statement, in the order given', async () => {
    const em = db().orm.em.fork();
    await recordEffects(em, [effect('ledger-6', 52), effect('ledger-6', 50), effect('ledger-6', 52, 2), effect('ledger-6', 51)]);
    await recordEffects(em, []);
    const entries = await ledgerEntries(em, 'ledger-6');
    expect(entries.map((e) => [e.subjectId, e.execution])).toEqual([[52, 1], [50, 1], [52, 2], [51, 1]]);
  });

  it('claims a batch of keys at once: returns the ones newly claimed, a key given twice once', async () => {
    const em = db().orm.em.fork();
    await recordEffectOnce(em, effect('ledger-7', 61));
    const claimed = await claimEffectKeys(em, [effect('ledger-7', 62), effect('ledger-7', 61), effect('ledger-7', 63), effect('ledger-7', 62, 2)]);
    expect([...claimed].sort()).toEqual(['order:62:processed', 'order:63:processed']);
    expect(await claimEffectKeys(em, [effect('ledger-7', 62), effect('ledger-7', 63)])).toEqual(new Set());
    expect(await claimEffectKeys(em, [])).toEqual(new Set());
  });
});
