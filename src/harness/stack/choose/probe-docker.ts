import type { DockerProbe } from '../types.js';

/** A Docker host that accepts the connection but never answers must not hang the test run. */
const DOCKER_PROBE_TIMEOUT_MS = 5_000;

/**
 * Asks testcontainers whether a container runtime answers. With none it throws "Could not find a
 * working container runtime strategy" within milliseconds. testcontainers is imported here, lazily,
 * because importing it costs ~0.5 s that runs without Docker should not pay.
 */
export async function probeDocker(timeoutMs = DOCKER_PROBE_TIMEOUT_MS): Promise<DockerProbe> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DockerProbe>((resolve) => {
    timer = setTimeout(() => resolve({ available: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const probe = (async (): Promise<DockerProbe> => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      const client = await getContainerRuntimeClient();
      return { available: true, host: client.info.containerRuntime.host };
    } catch (error) {
      return { available: false, reason: (error as Error).message };
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
