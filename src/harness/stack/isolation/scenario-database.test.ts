import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { connectPg, withPg } from '../pg-client.js';
import { createScenarioDatabase, scenarioPrefix } from './scenario-database.js';

const stack = inject('stack');

async function databaseExists(name: string): Promise<boolean> {
  return withPg(stack.databaseUrl, async (client) => {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rows.length === 1;
  });
}

describe('each scenario file gets a database of its own', () => {
  it('creates an empty database named after the scenario, reachable at the returned URL', async () => {
    const db = await createScenarioDatabase(stack.databaseUrl, import.meta.url);
    try {
      expect(db.name).toMatch(/^rj_scenario_database_[0-9a-f]{8}$/);
      expect(await databaseExists(db.name)).toBe(true);
      const current = await withPg(db.url, async (client) => {
        await client.query('create table probe (id int)');
        return (await client.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
      });
      expect(current).toBe(db.name);
    } finally {
      await db.drop();
    }
    expect(await databaseExists(db.name)).toBe(false);
  });

  it('gives two files with the same name two different databases', async () => {
    const [a, b] = await Promise.all([
      createScenarioDatabase(stack.databaseUrl, 'Orders: SIGTERM!'),
      createScenarioDatabase(stack.databaseUrl, 'Orders: SIGTERM!'),
    ]);
    try {
      expect(a.name).not.toBe(b.name);
      expect(a.name).toMatch(/^rj_orders_sigterm_[0-9a-f]{8}$/);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it('drops a database that still has connections, and dropping twice is harmless', async () => {
    const db = await createScenarioDatabase(stack.databaseUrl, 'held open');
    const holder = await connectPg(db.url);
    await db.drop();
    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
    await expect(holder.query('select 1')).rejects.toThrow(); // the drop terminated its session
    await holder.end().catch(() => undefined);
  });
});

describe('each scenario file gets a BullMQ prefix of its own', () => {
  it('makes distinct, readable prefixes whose keys do not collide', async () => {
    const first = scenarioPrefix('/repo/scenarios/orders-crash.test.ts');
    const second = scenarioPrefix('/repo/scenarios/orders-crash.test.ts');
    expect(first).toMatch(/^\{rj:orders_crash:[0-9a-f]{8}\}$/);
    expect(second).not.toBe(first);

    const redis = new Redis(stack.redisUrl);
    try {
      await redis.set(`${first}:marker`, 'first');
      expect(await redis.get(`${second}:marker`)).toBeNull();
      expect(await redis.get(`${first}:marker`)).toBe('first');
    } finally {
      await redis.del(`${first}:marker`);
      await redis.quit();
    }
  });
});
