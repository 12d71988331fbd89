import { withPg } from '../pg-client.js';
import { scenarioSlug, uniqueSuffix } from './scenario-name.js';

export { scenarioPrefix } from './scenario-prefix.js';

export interface ScenarioDatabase {
  /** The database's name, e.g. `rj_orders_sigterm_1a2b3c4d`. */
  name: string;
  /** Connection URL: the admin URL with this database in place of the maintenance one. */
  url: string;
  /** Drops it, disconnecting anyone still connected. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database of its own for one scenario file on the stack's PostgreSQL, so files
 * can run in parallel. `name` is the scenario's name or file (`import.meta.url` works); a random
 * suffix keeps repeated and concurrent runs apart.
 */
export async function createScenarioDatabase(adminUrl: string, name: string): Promise<ScenarioDatabase> {
  // Only [a-z0-9_] and 3 + 40 + 1 + 8 characters: a valid identifier under PostgreSQL's 63-byte limit.
  const database = `rj_${scenarioSlug(name)}_${uniqueSuffix()}`;
  await withPg(adminUrl, (client) => client.query(`CREATE DATABASE "${database}"`));

  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    name: database,
    url: url.toString(),
    drop: async () => {
      await withPg(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    },
  };
}
