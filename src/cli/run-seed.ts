import { prepareSchema, resetData } from '../domain/schema.js';
import { countDomainRows } from '../harness/seeding/domain-counts.js';
import { seedProfile } from '../harness/seeding/seed-profile.js';
import { formatCounts, formatSeconds } from './format.js';
import { openDatabase } from './open-database.js';
import { describeAddress, resolveServers } from './servers.js';
import type { SeedCommand } from './types.js';

/** The work behind `npm run seed`, once the arguments are known to be good. Returns the exit code. */
export async function runSeed(command: SeedCommand): Promise<number> {
  const { database } = resolveServers(process.env, { needs: ['database'] });
  console.log(`seed: database ${describeAddress(database, 'DATABASE_URL')}`);
  const orm = await openDatabase(database.url);
  try {
    await prepareSchema(orm);
    if (command.reset) {
      await resetData(orm);
      console.log('seed: emptied every domain table (--reset)');
    } else {
      const before = await countDomainRows(orm.em.fork());
      if (before.customers > 0) console.log(`seed: adding to existing data (${formatCounts(before)}); use --reset to start clean`);
    }
    const result = await seedProfile(orm.em.fork(), command.profile, command.seed);
    console.log(`seed: profile ${command.profile} (seed ${command.seed}) seeded in ${formatSeconds(result.elapsedMs)}`);
    console.log(`seed: database now holds ${formatCounts(result.counts)}`);
    return 0;
  } finally {
    await orm.close(true);
  }
}
