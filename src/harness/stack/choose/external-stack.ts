import { redactUrl } from '../redact-url.js';
import type { RunningStack } from '../types.js';

/** Servers someone else runs: nothing to start, nothing to stop. */
export function useExternalStack(redisUrl: string, databaseUrl: string): RunningStack {
  return {
    endpoints: {
      mode: 'external',
      redisUrl,
      databaseUrl,
      description: `external (redis ${redactUrl(redisUrl)}, postgres ${redactUrl(databaseUrl)})`,
    },
    processes: [],
    stop: async () => {},
  };
}
