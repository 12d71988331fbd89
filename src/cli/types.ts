import type { SeedProfileName } from '../../fixtures/seed-profiles.js';

/** Where a server's URL came from: the environment, or the stack recorded by `npm run stack -- up`. */
export interface ServerAddress {
  url: string;
  source: 'env' | 'stack';
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
  /** Also leave one interrupted orders job per engine (needs Redis). */
  withInterrupted?: boolean;
}

export interface SetupCommand {
  kind: 'setup';
  seed: number;
  reset: boolean;
}

export type HelpRequest = { kind: 'help'; text: string };
