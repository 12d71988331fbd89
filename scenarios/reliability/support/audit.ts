import type { MikroORM } from '@mikro-orm/postgresql';
import type { DemoData } from '../../demo/support/demo-data.js';
import { readLedger } from '../../demo/support/measure-run.js';

export interface LedgerAudit {
  itemsExpected: number;
  /** Items with no row at all (neither an effect nor a recorded error). */
  itemsLost: number;
  /** Effects beyond the first for a subject: with idempotency keys these must not exist. */
  duplicateEffects: number;
  /** Items run again whose effect the idempotency key suppressed. */
  rawReplays: number;
}

/** The SQL audit after a fault: read only from the side-effect ledger, never from the jobs' counters. */
export async function auditLedger(orm: MikroORM, data: DemoData, jobIds: string[]): Promise<LedgerAudit> {
  const ledger = await readLedger(orm, data, jobIds);
  const lost = data.subjectIds.filter((id) => !ledger.handled.has(id)).length;
  const duplicateEffects = [...ledger.effectsPerSubject.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  return { itemsExpected: data.subjectIds.length, itemsLost: lost, duplicateEffects, rawReplays: ledger.replays };
}
