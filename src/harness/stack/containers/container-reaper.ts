import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const REAPER_SCRIPT = fileURLToPath(new URL('../guard/container-reaper.mjs', import.meta.url));

/** The subset of docker-modem's options that say how to reach the engine. */
export interface DockerModemOptions {
  socketPath?: string;
  protocol?: string;
  host?: string;
  port?: number | string;
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
}

export interface ContainerReaper {
  pid: number;
  /** Label to put on every container of this run; the reaper removes exactly these. */
  label: { key: string; value: string };
  /** Normal path: our containers are stopped already; the reaper sweeps leftovers and exits. */
  release(): Promise<void>;
}

/**
 * Starts a guard process that removes this run's containers when this process dies (even by
 * SIGKILL), for engines reached by a unix socket or plain/TLS TCP. Returns undefined when the engine
 * is reached another way (ssh): then only the normal stop path, or Ryuk, removes the containers.
 */
export async function startContainerReaper(
  modem: DockerModemOptions,
  label: { key: string; value: string },
): Promise<ContainerReaper | undefined> {
  const docker = dockerConnection(modem);
  if (!docker) return undefined;

  const reaper = spawn(
    process.execPath,
    [REAPER_SCRIPT, JSON.stringify({ parentPid: process.pid, label: `${label.key}=${label.value}`, docker })],
    { stdio: ['pipe', 'ignore', 'inherit', 'pipe'], detached: true },
  );
  const exited = new Promise<void>((resolve) => reaper.once('exit', () => resolve()));
  // Wait until it runs, so no container can start before something is watching it.
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: reaper.stdio[3] as Readable });
    lines.once('line', () => resolve());
    reaper.once('error', reject);
    reaper.once('exit', (code) => reject(new Error(`the container reaper exited at start (code ${code})`)));
  });

  return {
    pid: reaper.pid!,
    label,
    release: async () => {
      reaper.stdin!.end();
      const timer = setTimeout(() => reaper.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function dockerConnection(modem: DockerModemOptions): Record<string, unknown> | undefined {
  if (modem.socketPath) return { socketPath: modem.socketPath };
  if (modem.protocol !== 'http' && modem.protocol !== 'https') return undefined;
  const pem = (value: unknown) => (value === undefined ? undefined : String(value));
  return {
    protocol: modem.protocol,
    host: modem.host,
    port: modem.port,
    ca: pem(modem.ca),
    cert: pem(modem.cert),
    key: pem(modem.key),
  };
}
