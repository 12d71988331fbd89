import { scenarioSlug, uniqueSuffix } from './scenario-name.js';

/**
 * A BullMQ key prefix of its own for one scenario file, e.g. `{rj:orders_sigterm:1a2b3c4d}`, so files
 * sharing one Redis never see each other's queues, jobs or checkpoint hashes. The braces are a hash
 * tag: on a Redis Cluster every key under the prefix lands in one slot, as BullMQ and the engines'
 * Lua scripts need; on a single server they are just characters.
 */
export function scenarioPrefix(name: string): string {
  return `{rj:${scenarioSlug(name)}:${uniqueSuffix()}}`;
}
