import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { StackEndpoints } from '../../src/harness/stack/types.js';

/** What every benchmark runs against: the stack's servers, a database and a key prefix of its own. */
export interface BenchStack {
  endpoints: StackEndpoints;
  /** The benchmark run's own database (schema ready), dropped on close. */
  databaseUrl: string;
  orm: MikroORM;
  redisUrl: string;
  /** The benchmark run's own BullMQ prefix; its keys are deleted on close. */
  prefix: string;
  /** A plain connection for benchmarks that talk to Redis directly. */
  redis: Redis;
}

/** How a row's numbers are expressed: tinybench measures ms, some costs read better in ns or µs. */
export type MeasurementUnit = 'ns' | 'µs' | 'ms';

/** One measured task: latency statistics in `unit` per operation, and its throughput. */
export interface Measurement {
  task: string;
  unit: MeasurementUnit;
  /** What one operation is, e.g. "check() call", "checkpoint write", "job of 2,000 items". */
  operation: string;
  mean: number;
  p50: number;
  p99: number;
  /** Operations per second (tinybench's mean of per-sample rates). */
  opsPerSecond: number;
  samples: number;
}

/** A number derived from the measurements, worth reading on its own (a ratio, a per-item cost). */
export interface Finding {
  label: string;
  value: number;
  unit: string;
  /** Shown in the report's summary. */
  headline?: boolean;
}

/** One benchmark's results, as printed and written to the reports. */
export interface BenchmarkReport {
  id: string;
  title: string;
  /** What is timed, in a sentence or two. */
  measures: string;
  /** Why the numbers matter to someone choosing between the engines. */
  whyItMatters: string;
  measurements: Measurement[];
  findings: Finding[];
  /** Caveats a reader needs to read the numbers right. */
  notes: string[];
}

/** The machine the numbers came from. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  totalMemoryGb: number;
  /** 1-minute load average when the run started: above the core count, other work shared the CPUs. */
  loadAverage1m: number;
}

/** Everything written to reports/bench.json. */
export interface BenchRunReport {
  generatedAt: string;
  machine: MachineInfo;
  stack: string;
  durationMs: number;
  benchmarks: BenchmarkReport[];
}
