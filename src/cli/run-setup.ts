import { pendingSchemaSql, prepareSchema, resetData } from '../domain/schema.js';
import { countDomainRows } from '../harness/seeding/domain-counts.js';
import { seedProfile } from '../harness/seeding/seed-profile.js';
import { checkRedisAnswers as checkRedis } from '../harness/operator/check-redis-answers.js';
import { formatCounts, formatSeconds } from './format.js';
import { openDatabase } from './open-database.js';
import { describeAddress, resolveServers } from './servers.js';
import type { SetupCommand } from './types.js';

/**
 * The work behind `npm run setup`: a checklist, one line per item. The demo data is seeded only
 * into an empty database (or after --reset), so running setup twice changes nothing.
 * Returns 1 when an item is not ready (Redis down, schema still differing).
 */
export async function runSetup(command: SetupCommand): Promise<number> {
  const servers = resolveServers();
  const orm = await openDatabase(servers.database.url);
  try {
    console.log(`✅ database reachable   ${describeAddress(servers.database, 'DATABASE_URL')}`);

    await prepareSchema(orm);
    const leftover = await pendingSchemaSql(orm);
    console.log(leftover === '' ? '✅ schema ready' : `❌ schema still differs from the entities:\n${leftover}`);

    const redisProblem = await checkRedis(servers.redis.url);
    console.log(
      redisProblem === undefined
        ? `✅ Redis reachable      ${describeAddress(servers.redis, 'REDIS_URL')}`
        : `❌ Redis unreachable    ${describeAddress(servers.redis, 'REDIS_URL')}: ${redisProblem}; start redis-server or set REDIS_URL`,
    );

    if (command.reset) await resetData(orm);
    const existing = await countDomainRows(orm.em.fork());
    if (existing.customers === 0) {
      const result = await seedProfile(orm.em.fork(), 'demo', command.seed);
      console.log(`✅ demo data seeded     ${formatCounts(result.counts)} (seed ${command.seed}, ${formatSeconds(result.elapsedMs)})`);
    } else {
      console.log(`✅ demo data present    ${formatCounts(existing)} (kept; npm run setup -- --reset reseeds)`);
    }
    return redisProblem === undefined && leftover === '' ? 0 : 1;
  } finally {
    await orm.close(true);
  }
}
