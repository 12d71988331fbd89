// Section 6: how long the `full` seed profile takes (what `npm run seed -- --profile full` waits for).
import { resetData } from '../../src/domain/schema.js';
import { seedProfile } from '../../src/harness/seeding/seed-profile.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { spreadOf } from './spread.js';
import { atMostTarget } from './targets.js';

export const seeding: Section = {
  number: 6,
  title: 'Seeding the full profile',
  async measure({ env, sizes, progress }: BenchContext): Promise<SectionResult> {
    const times: number[] = [];
    for (let round = 0; round < sizes.seedRounds; round++) {
      await resetData(env.orm);
      const result = await seedProfile(env.orm.em.fork(), sizes.seedProfile, 42 + round);
      times.push(result.elapsedMs);
      progress(`round ${round + 1}/${sizes.seedRounds}: ${sizes.seedProfile} profile seeded in ${(result.elapsedMs / 1000).toFixed(2)} s`);
    }
    const value = spreadOf(times.map((ms) => ms / 1000));
    return {
      id: 'seeding',
      title: this.title,
      measures: `The \`${sizes.seedProfile}\` seed profile into an emptied database (one transaction, bulk inserts), ${sizes.seedRounds} rounds; the time seedProfile reports.`,
      figures: [{ label: `${sizes.seedProfile} profile`, unit: 's', value }],
      targets: [atMostTarget(`the ${sizes.seedProfile} profile seeds in under 5 s`, value.median, 5, 's', 'bulk inserts slower than expected on this machine; see the load average above')],
      charts: [],
      notes: ['Runs last: it empties the database the other sections use.'],
    };
  },
};
