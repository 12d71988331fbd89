import type { SeedProfileName } from '../../fixtures/seed-profiles.js';

/** Where a server's URL came from: the environment, or the standard local default. */
export interface ServerAddress {
  url: string;
  source: 'env' | 'default';
}

export interface Servers {
  database: ServerAddress;
  redis: ServerAddress;
}

export interface SeedCommand {
  kind: 'seed';
  profile: SeedProfileName;
  seed: number;
  reset: boolean;
}

export interface SetupCommand {
  kind: 'setup';
  seed: number;
  reset: boolean;
}

export type HelpRequest = { kind: 'help'; text: string };
