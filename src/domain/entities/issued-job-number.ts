import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Job numbers handed out by the database that holds the ledger: `orders-iteration-42` is issued
 * once per database, so whatever Redis forgets (a flush, a lost volume) or shares (two prefixes),
 * a new job id never names an old job's ledger rows.
 */
export const IssuedJobNumber = defineEntity({
  name: 'IssuedJobNumber',
  tableName: 'issued_job_numbers',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    /** The id issued with this number, e.g. `orders-iteration-42`. */
    jobId: p.text().unique(),
    /** The BullMQ prefix it was issued for (a note for a reader; ids are unique across prefixes). */
    prefix: p.text(),
    issuedAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  }),
});

export type IssuedJobNumber = InferEntity<typeof IssuedJobNumber>;
