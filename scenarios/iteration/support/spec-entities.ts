import { defineEntity, type InferEntity } from '@mikro-orm/core';

/*
 * Scenario-only tables for the records/batches/nested stories: small, with the columns those
 * stories need (a rank to insert an outer item "between" two others, per-group positions so a
 * stale inner cursor would visibly skip rows, a millisecond timestamp for two-column cursors).
 */

/** An outer item for nested stories; `family` keeps each story's rows apart. */
export const SpecGroup = defineEntity({
  name: 'SpecGroup',
  tableName: 'spec_iteration_groups',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    family: p.text(),
    rank: p.integer(),
  }),
  uniques: [{ properties: ['family', 'rank'] }],
});
export type SpecGroup = InferEntity<typeof SpecGroup>;

/** A row to iterate; `groupId`/`position` place it inside a SpecGroup, `archived` hides it from a query. */
export const SpecItem = defineEntity({
  name: 'SpecItem',
  tableName: 'spec_iteration_items',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    family: p.text(),
    groupId: p.integer().nullable(),
    position: p.integer().default(0),
    archived: p.boolean().default(false),
    // Millisecond precision, so a Date cursor compares exactly (see UnsupportedCursorColumnError).
    updatedAt: p.datetime().length(3),
  }),
  indexes: [{ properties: ['family', 'id'] }, { properties: ['updatedAt', 'id'] }, { properties: ['groupId', 'position'] }],
});
export type SpecItem = InferEntity<typeof SpecItem>;

/** A row with a two-column primary key (order, line), for keyset pagination over a composite key. */
export const SpecLine = defineEntity({
  name: 'SpecLine',
  tableName: 'spec_iteration_lines',
  properties: (p) => ({
    orderId: p.integer().primary(),
    lineNo: p.integer().primary(),
    family: p.text(),
  }),
});
export type SpecLine = InferEntity<typeof SpecLine>;

/** A row with a `date` column (whole days) read as a JavaScript Date, for day cursors. */
export const SpecDelivery = defineEntity({
  name: 'SpecDelivery',
  tableName: 'spec_iteration_deliveries',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    family: p.text(),
    dueOn: p.date().runtimeType('Date'),
  }),
});
export type SpecDelivery = InferEntity<typeof SpecDelivery>;
