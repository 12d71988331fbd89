import { randomBytes } from 'node:crypto';
import { registerUrlSecret } from 'resumable-jobs/runtime';
import { onRedisNodes } from './connection-faults.js';

/**
 * The soak's own Redis user (an ACL user on every node), so its "drop every connection" fault drops
 * the soak's connections only (CLIENT KILL USER): scenario files running beside it on the same server
 * keep theirs, as a network blip between one service and Redis would. The workers, the enqueuing
 * runtime and the checkpoint sampler connect as this user; the fault itself connects as the admin.
 */
export interface SoakRedisUser {
  /** The soak's connection URL: the admin URL with this user's name and password. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Creates the user on every node of `adminUrl`'s server or cluster (full rights; a fresh password). */
export async function createSoakRedisUser(adminUrl: string, name: string): Promise<SoakRedisUser> {
  const password = randomBytes(18).toString('hex');
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(name);
  url.password = password;
  registerUrlSecret(url.toString());
  await onRedisNodes(adminUrl, 'all', (node) => node.call('ACL', 'SETUSER', name, 'reset', 'on', `>${password}`, '~*', '&*', '+@all'));
  return {
    url: url.toString(),
    name,
    drop: () => onRedisNodes(adminUrl, 'all', (node) => node.call('ACL', 'DELUSER', name)).then(() => undefined),
  };
}
