/** Where Redis and PostgreSQL come from for a test run. */
export type StackMode = 'external' | 'containers' | 'local';

export const STACK_MODES: readonly StackMode[] = ['external', 'containers', 'local'];

/** What the globalSetup hands to every test file through `inject('stack')` (must stay serialisable). */
export interface StackEndpoints {
  mode: StackMode;
  redisUrl: string;
  /** Admin URL to the maintenance database; its user may CREATE DATABASE (see createScenarioDatabase). */
  databaseUrl: string;
  /** One human line: mode and where the servers are, with passwords redacted. */
  description: string;
}

/** A server this process started, and the guard process that stops it if this process dies. */
export interface GuardedProcess {
  name: string;
  pid: number;
  supervisorPid: number;
}

/** A started stack; `stop()` releases whatever this process started (nothing for external). */
export interface RunningStack {
  endpoints: StackEndpoints;
  /** Local servers started for this run (empty for external and containers). */
  processes: readonly GuardedProcess[];
  /** The temporary folder of a local stack, removed by `stop()`. */
  dir?: string;
  stop(): Promise<void>;
}

/** The environment variables the provider reads. */
export interface StackEnv {
  STACK?: string | undefined;
  REDIS_URL?: string | undefined;
  DATABASE_URL?: string | undefined;
  REDIS_IMAGE?: string | undefined;
  POSTGRES_IMAGE?: string | undefined;
  /** `cluster` starts a local 3-master Redis Cluster instead of one server (local mode only). */
  STACK_REDIS?: string | undefined;
}

/** Absolute paths of the binaries a local stack needs. */
export interface LocalBinaries {
  redisServer: string;
  initdb: string;
  postgres: string;
}

export type DockerProbe = { available: true; host: string } | { available: false; reason: string };

export type LocalBinariesProbe =
  | { available: true; binaries: LocalBinaries }
  | { available: false; missing: string[] };

/** Probe results gathered so far; a probe is absent until the decision asks for it. */
export interface StackProbes {
  docker?: DockerProbe;
  localBinaries?: LocalBinariesProbe;
}

export type ProbeName = keyof StackProbes;

export type StackChoice =
  | { mode: 'external'; redisUrl: string; databaseUrl: string; forced: boolean }
  | { mode: 'containers'; redisImage: string; postgresImage: string; forced: boolean }
  | { mode: 'local'; binaries: LocalBinaries; forced: boolean; redisCluster?: true };

/** Either the choice, or the next probe the choice depends on (so probes only run when they matter). */
export type StackDecision = { kind: 'chosen'; choice: StackChoice } | { kind: 'needs-probe'; probe: ProbeName };

export type StackLog = (line: string) => void;
