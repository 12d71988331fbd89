import { prepareSchema, resetData } from '../domain/schema.js';
import { countDomainRows } from '../harness/seeding/domain-counts.js';
import { seedProfile } from '../harness/seeding/seed-profile.js';
import { formatCounts, formatSeconds } from './format.js';
import { openDatabase } from './open-database.js';
import { describeAddress, resolveServers } from './servers.js';
import type { SeedCommand } from './types.js';
import { openOperatorContext } from '../harness/operator/operator-context.js';
import { seedInterruptedJobs } from '../harness/operator/seed-interrupted-jobs.js';

/** The work behind `npm run seed`, once the arguments are known to be good. Returns the exit code. */
export async function runSeed(command: SeedCommand): Promise<number> {
  const { database, redis } = resolveServers(process.env, { needs: command.withInterrupted ? ['redis', 'database'] : ['database'] });
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
    if (command.withInterrupted) await seedInterrupted(redis.url, database.url, command);
    return 0;
  } finally {
    await orm.close(true);
  }
}

/** `--with-interrupted`: one orders job per engine, really run and stopped by a flag 30% in. */
async function seedInterrupted(redisUrl: string, databaseUrl: string, command: SeedCommand): Promise<void> {
  const context = await openOperatorContext(redisUrl, databaseUrl);
  try {
    for (const job of await seedInterruptedJobs(context, command.profile, command.seed)) {
      console.log(`seed: ${job.jobId} stopped at order ${job.stoppedAt} (${job.engine}); npm run jobs -- checkpoint ${job.jobId}, then resume ${job.jobId}`);
    }
  } finally {
    await context.close();
  }
}
