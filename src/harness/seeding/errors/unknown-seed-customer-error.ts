/** seedCampaign was asked to address a customer id that is not in the database. */
export class UnknownSeedCustomerError extends Error {
  override readonly name = 'UnknownSeedCustomerError';
  constructor(id: number) {
    super(`Customer ${id} does not exist; pass ids returned by an earlier seeding call, or omit customerIds`);
  }
}
