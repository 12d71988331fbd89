import type { EntityManager } from '@mikro-orm/postgresql';
import { seedProfiles, type SeedProfile, type SeedProfileName } from '../../../fixtures/seed-profiles.js';
import { countDomainRows } from './domain-counts.js';
import { seedCampaign } from './seed-campaign.js';
import { seedCustomersWithOrders } from './seed-customers-with-orders.js';
import { seedPendingOrders } from './seed-pending-orders.js';
import type { ProfileSeedResult, SeededCampaign } from './types.js';

/*
 * Each part of a profile draws from its own seed derived from the profile seed (seed, seed+1,
 * seed+2+k), so adding a campaign to a profile does not change the orders it seeds.
 */

/** Seeds a whole profile into the (already prepared) schema; all parts in one transaction. */
export async function seedProfile(
  em: EntityManager,
  profile: SeedProfileName | SeedProfile,
  seed: number,
): Promise<ProfileSeedResult> {
  const definition = typeof profile === 'string' ? seedProfiles[profile] : profile;
  const started = performance.now();
  const parts = await em.fork().transactional(async (tem) => {
    const pendingOrders = definition.pendingOrders
      ? await seedPendingOrders(tem, definition.pendingOrders.orders, seed, {
          customers: definition.pendingOrders.customers,
        })
      : undefined;
    const customersWithOrders = definition.customersWithOrders
      ? await seedCustomersWithOrders(
          tem,
          definition.customersWithOrders.customers,
          definition.customersWithOrders.ordersEach,
          seed + 1,
        )
      : undefined;
    const profileCustomerIds = [...(pendingOrders?.customerIds ?? []), ...(customersWithOrders?.customerIds ?? [])];
    const campaigns: SeededCampaign[] = [];
    for (const [k, recipients] of definition.campaigns.entries()) {
      campaigns.push(await seedCampaign(tem, recipients, seed + 2 + k, { customerIds: profileCustomerIds }));
    }
    return { pendingOrders, customersWithOrders, campaigns };
  });
  const elapsedMs = performance.now() - started;
  return {
    profile: typeof profile === 'string' ? profile : 'custom',
    seed,
    ...parts,
    counts: await countDomainRows(em.fork()),
    elapsedMs,
  };
}
