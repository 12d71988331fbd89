import type pg from 'pg';

/**
 * The business side of the example: a CSV of stock deliveries (`delivery,sku,quantity`), each line
 * adding to a product's stock. Applying a line twice would count the goods twice, so the import
 * must apply every line exactly once, across interruptions: the reason it is a resumable job.
 */
export interface Delivery {
  delivery: string;
  sku: string;
  quantity: number;
}

/** What the runtime hands every job of this app: a PostgreSQL pool. */
export interface ImportServices {
  db: pg.Pool;
}

/** The job arguments: which file to import. */
export interface ImportArgs {
  path: string;
}

/** One row per applied delivery line; `source` says which import job applied it. */
export async function createStockMovements(db: pg.Pool): Promise<void> {
  await db.query(`
    create table if not exists stock_movements (
      id serial primary key,
      source text not null,
      delivery text not null,
      sku text not null,
      quantity integer not null
    )`);
}

export class InvalidDeliveryLineError extends Error {
  constructor(line: Record<string, string>, problem: string) {
    super(`Delivery line ${JSON.stringify(line)} ${problem}: fix the file and enqueue the import again.`);
    this.name = 'InvalidDeliveryLineError';
  }
}

/** A CSV row as a Delivery, or a named error saying which line is wrong. */
export function parseDelivery(row: Record<string, string>): Delivery {
  const quantity = Number(row.quantity);
  if (!row.delivery || !row.sku) throw new InvalidDeliveryLineError(row, 'has no delivery id or sku');
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new InvalidDeliveryLineError(row, 'has no positive whole quantity');
  return { delivery: row.delivery, sku: row.sku, quantity };
}

export async function applyDelivery(db: pg.Pool, source: string, delivery: Delivery): Promise<void> {
  await db.query('insert into stock_movements (source, delivery, sku, quantity) values ($1, $2, $3, $4)', [
    source,
    delivery.delivery,
    delivery.sku,
    delivery.quantity,
  ]);
}
