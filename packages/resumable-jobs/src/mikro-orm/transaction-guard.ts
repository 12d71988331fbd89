/**
 * Rails refuses a checkpoint inside an open database transaction (activerecord's
 * `Railties::JobCheckpoints`): a stop there would roll back work the cursor already counts as
 * done. A continuable job asks its data layer through its `isInTransaction` hook; this adapts
 * MikroORM's EntityManager to it (another data layer passes its own `() => boolean`).
 */

/** Anything that can tell whether a transaction is open in the current async context. */
export interface TransactionAware {
  isInTransaction(): boolean;
}

/**
 * The guard for MikroORM (structural: the engine never imports MikroORM). Ask the ORM's global
 * EntityManager: through MikroORM's async context it sees `em.transactional()` opened on any fork.
 * A transaction begun by hand on a fork (`fork.begin()`) is seen by that fork alone: pass it instead.
 *
 *   protected override isInTransaction = inTransactionOf(this.services.orm.em);
 */
export function inTransactionOf(em: TransactionAware): () => boolean {
  return () => em.isInTransaction();
}
