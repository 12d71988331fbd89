import type pg from 'pg';

/** What the walkthrough's jobs are given: a pool on the application's own database. */
export interface InvoiceServices {
  db: pg.Pool;
}

/** Invoices 1..count are stamped, one at a time. */
export interface StampArgs {
  count: number;
}

/** One row per stamp and no unique key: a stamp done twice shows up as two rows. */
export async function createStampTable(db: pg.Pool): Promise<void> {
  await db.query('create table if not exists stamped_invoices (job text not null, invoice int not null)');
}

export async function stampInvoice(db: pg.Pool, job: string, invoice: number): Promise<void> {
  await db.query('insert into stamped_invoices (job, invoice) values ($1, $2)', [job, invoice]);
}
