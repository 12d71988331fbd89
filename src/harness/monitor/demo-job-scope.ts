import type { EntityManager } from '@mikro-orm/postgresql';
import { CampaignRecipient } from '../../domain/entities/campaign-recipient.js';
import { Customer } from '../../domain/entities/customer.js';
import { Order } from '../../domain/entities/order.js';
import { demoJobs } from '../../jobs/catalog.js';
import type { DemoJob } from '../reporting/types.js';
import { jobNameOf } from 'resumable-jobs/runtime';

/** The demo job a registered name belongs to, and its engine: 'iteration.batch-email' -> email, iteration. */
export function demoJobOf(name: string): { job: DemoJob; engine: 'continuable' | 'iteration' } | undefined {
  for (const [job, pair] of Object.entries(demoJobs) as [DemoJob, (typeof demoJobs)[DemoJob]][]) {
    if (jobNameOf(pair.continuable) === name) return { job, engine: 'continuable' };
    if (jobNameOf(pair.iteration) === name) return { job, engine: 'iteration' };
  }
  return undefined;
}

interface ScopeArgs {
  fromId?: number;
  toId?: number;
  fromCustomerId?: number;
  toCustomerId?: number;
  campaignId?: number;
}

/**
 * How many items a demo job has in scope, whatever their status now: all orders in its id range,
 * all customers in its range, all recipients of its campaign. Read once per job (scopes do not move).
 */
export async function demoJobTotal(em: EntityManager, job: DemoJob, args: ScopeArgs): Promise<number> {
  switch (job) {
    case 'orders':
      return em.count(Order, { id: range(args.fromId, args.toId) });
    case 'reports':
      return em.count(Customer, { id: range(args.fromCustomerId, args.toCustomerId) });
    case 'email':
      return args.campaignId === undefined ? 0 : em.count(CampaignRecipient, { campaign: args.campaignId });
  }
}

function range(from?: number, to?: number) {
  return { $gte: from ?? 0, ...(to === undefined ? {} : { $lte: to }) };
}

/** Distinct subjects each job handled, from the side-effect ledger, in one query. */
export async function ledgerDoneCounts(em: EntityManager, jobIds: string[]): Promise<Map<string, number>> {
  if (jobIds.length === 0) return new Map();
  const rows = await em.execute<{ job_id: string; n: number }[]>(
    'select job_id, count(distinct subject_id)::int as n from side_effects where job_id in (?) group by job_id',
    [jobIds],
  );
  return new Map(rows.map((row) => [row.job_id, row.n]));
}
