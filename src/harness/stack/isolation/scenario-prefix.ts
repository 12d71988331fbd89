import { scenarioSlug, uniqueSuffix } from './scenario-name.js';

/**
 * A BullMQ key prefix of its own for one scenario file, e.g. `rj:orders_sigterm:1a2b3c4d`, so files
 * sharing one Redis never see each other's queues, jobs or checkpoint hashes.
 */
export function scenarioPrefix(name: string): string {
  return `rj:${scenarioSlug(name)}:${uniqueSuffix()}`;
}
