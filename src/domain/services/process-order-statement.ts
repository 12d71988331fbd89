import type { EntityManager } from '@mikro-orm/postgresql';
import { PRICING_RULES } from './order-pricing.js';
import type { ProcessOrderInput, ProcessOrderRow } from './types.js';

/*
 * One order in ONE statement (one round trip, atomic without an explicit transaction): lock the
 * order, price it, claim the key (idempotent mode), update it and append its ledger row.
 * The pricing is order-pricing.ts in SQL, on integer cents with the same constants; a test holds
 * the two to the cent. Data-modifying CTEs share one snapshot (none sees another's writes in the
 * table), so each step reads the previous one's RETURNING:
 * - `claim` only claims for an order that exists, and `applied` only runs when the claim won (or
 *   in raw mode);
 * - a repeat is 'order.replayed' when the claim lost; for an order that no longer exists, when its
 *   key had been claimed before (as the per-item transaction used to decide). No row back means
 *   the order does not exist and nothing was written.
 * Parameters are bound once, in `input`, and used by name below.
 */
const PROCESS_ORDER_SQL = `
with input as (
  select ?::int as order_id, ?::text as key, ?::text as job_id, ?::text as engine, ?::int as execution,
         ?::boolean as idempotent,
         ?::bigint as free_shipping_over_cents, ?::bigint as shipping_cents, ?::bigint as tax_basis_points
),
target as (
  select id, amount, (amount * 100)::bigint as cents
  from orders where id = (select order_id from input)
  for update
),
priced as (
  select t.id,
         case when t.amount is null then 'amount is missing'
              when t.cents = 0 then 'amount is zero'
              when t.cents < 0 then 'amount is negative (' || t.amount::text || ')'
         end as reason,
         t.cents,
         case when t.cents > i.free_shipping_over_cents then 0 else i.shipping_cents end as shipping_cents,
         -- half-up to the cent; integer division floors here because valid amounts are positive
         (t.cents * i.tax_basis_points + 5000) / 10000 as tax_cents
  from target t cross join input i
),
claim as (
  insert into effect_keys (key, job_id, engine, kind, subject_id, execution)
  select i.key, i.job_id, i.engine, 'order', t.id, i.execution
  from target t cross join input i
  where i.idempotent
  on conflict (key) do nothing
  returning key
),
applied as (
  update orders o set
    status = case when p.reason is null then 'processed' else 'failed' end,
    failure_reason = p.reason,
    shipping = case when p.reason is null then p.shipping_cents / 100.0 end,
    tax = case when p.reason is null then p.tax_cents / 100.0 end,
    total = case when p.reason is null then (p.cents + p.shipping_cents + p.tax_cents) / 100.0 end,
    -- the wall clock, not the transaction's start: a caller's long transaction must not backdate it
    processed_at = case when p.reason is null then clock_timestamp() end
  from priced p
  where o.id = p.id and (not (select idempotent from input) or exists (select 1 from claim))
  returning o.status, o.failure_reason, o.shipping::text, o.tax::text, o.total::text
),
outcome as (
  select case when a.status = 'processed' then 'order.processed' else 'order.failed' end as kind from applied a
  union all
  select 'order.replayed' from input i
  where i.idempotent and not exists (select 1 from claim)
    and (exists (select 1 from target) or exists (select 1 from effect_keys k where k.key = i.key))
),
entry as (
  insert into side_effects (job_id, engine, kind, subject_id, execution, idempotency_key)
  select i.job_id, i.engine, o.kind, i.order_id, i.execution, i.key from outcome o cross join input i
  returning kind
)
select e.kind, a.failure_reason, a.shipping, a.tax, a.total from entry e left join applied a on true`;

/**
 * Runs the statement on `em`: inside the caller's transaction when it has one (so a rollback takes
 * the effect with it), on its own otherwise. Undefined when the order does not exist.
 */
export async function runProcessOrderStatement(
  em: EntityManager,
  input: ProcessOrderInput,
): Promise<ProcessOrderRow | undefined> {
  const rows = await em.execute<ProcessOrderRow[]>(PROCESS_ORDER_SQL, [
    input.orderId,
    input.idempotencyKey,
    input.jobId,
    input.engine,
    input.execution,
    input.idempotent,
    PRICING_RULES.freeShippingOverCents,
    PRICING_RULES.shippingCents,
    PRICING_RULES.taxBasisPoints,
  ]);
  return rows[0];
}
