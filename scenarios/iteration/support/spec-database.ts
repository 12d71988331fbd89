import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import { allEntities } from '../../../src/domain/entities/index.js';
import { prepareSchema } from '../../../src/domain/schema.js';
import type { ScenarioEnvironment } from '../../support/scenario-environment.js';
import { SpecDelivery, SpecGroup, SpecItem, SpecLine } from './spec-entities.js';

/**
 * An ORM on the scenario's database that knows the domain entities (the ledger) and the scenario
 * entities, with their tables created. Closed with the environment, before its database is dropped.
 */
export async function openSpecDatabase(env: ScenarioEnvironment): Promise<MikroORM> {
  const orm = await MikroORM.init(
    defineConfig({
      clientUrl: env.databaseUrl,
      entities: [...allEntities, SpecGroup, SpecItem, SpecLine, SpecDelivery],
      allowGlobalContext: false,
      pool: { min: 0, max: 4 },
    }),
  );
  await prepareSchema(orm);
  env.onClose(() => orm.close(true));
  return orm;
}

export interface SeedItem {
  groupId?: number | null;
  position?: number;
  updatedAt?: Date;
}

/** Inserts items of one family in one statement, in the order given; returns their ids in that order. */
export async function seedItems(orm: MikroORM, family: string, items: SeedItem[]): Promise<number[]> {
  const rows = items.map((item) => ({
    family,
    groupId: item.groupId ?? null,
    position: item.position ?? 0,
    archived: false,
    updatedAt: item.updatedAt ?? new Date(Date.UTC(2024, 0, 1)),
  }));
  const em = orm.em.fork();
  await em.insertMany(SpecItem, rows);
  // Serial ids follow the VALUES order, so the family's ids ascending are the rows in the order given.
  const inserted = await em.execute<{ id: number }[]>('select id from spec_iteration_items where family = ? order by id', [family]);
  return inserted.slice(-rows.length).map((row) => Number(row.id));
}

/** n items of one family with default fields; returns their ids ascending. */
export function seedPlainItems(orm: MikroORM, family: string, n: number): Promise<number[]> {
  return seedItems(orm, family, Array.from({ length: n }, () => ({})));
}

/** A SpecGroup of one family with items at the given positions; returns the group id and item ids. */
export async function seedGroup(orm: MikroORM, family: string, rank: number, positions: number[]): Promise<{ groupId: number; itemIds: number[] }> {
  const em = orm.em.fork();
  const [row] = await em.execute<{ id: number }[]>('insert into spec_iteration_groups (family, rank) values (?, ?) returning id', [family, rank]);
  const groupId = Number(row!.id);
  const itemIds = positions.length === 0 ? [] : await seedItems(orm, family, positions.map((position) => ({ groupId, position })));
  return { groupId, itemIds };
}
