import { Bench, type BenchOptions, type Fn, type FnOptions, type Task } from 'tinybench';
import { BenchmarkTaskFailedError } from './errors/benchmark-task-failed-error.js';
import type { Measurement, MeasurementUnit } from './types.js';

/** One task of a benchmark: what tinybench's `bench.add(name, fn, options)` takes. */
export interface BenchTask {
  name: string;
  fn: Fn;
  options?: FnOptions;
}

export interface RoundsOptions {
  /** How many benches to run one after another; the task order reverses every round. */
  rounds: number;
  /** tinybench options for every round; `time` and `iterations` are per task and round. */
  bench: Omit<BenchOptions, 'name' | 'retainSamples'>;
}

/** Latency samples (ms) of every task, gathered over all rounds. */
export type SampleSets = Map<string, number[]>;

/**
 * Runs the tasks in several tinybench rounds, reversing their order every round, and pools each
 * task's samples. Why: on a shared 2-core machine the background load drifts within seconds, and
 * tasks run back to back would each get a different slice of it; alternating A B … B A spreads the
 * drift over every task, so the ratios between tasks (what the report is about) stay fair.
 * Warm-up (if enabled) runs in the first round only.
 */
export async function runInRounds(name: string, tasks: BenchTask[], options: RoundsOptions): Promise<SampleSets> {
  const samples: SampleSets = new Map(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      ...options.bench,
      name,
      retainSamples: true,
      warmup: round === 0 ? (options.bench.warmup ?? true) : false,
    });
    const ordered = round % 2 === 0 ? tasks : [...tasks].reverse();
    for (const task of ordered) bench.add(task.name, task.fn, task.options);
    for (const task of await bench.run()) {
      samples.get(task.name)!.push(...(completedResult(name, task).latency.samples ?? []));
    }
  }
  return samples;
}

/** A task's pooled samples (ms) as statistics in `unit` per operation, computed as tinybench does. */
export function measurementOf(samples: SampleSets, taskName: string, unit: MeasurementUnit, operation: string): Measurement {
  const values = samples.get(taskName);
  if (!values || values.length === 0) throw new BenchmarkTaskFailedError('bench', taskName, 'without samples');
  const sorted = [...values].sort((a, b) => a - b);
  const scale = PER_MS[unit];
  const meanMs = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  // tinybench's throughput: the mean of per-sample rates, a zero sample counted at the mean rate.
  const rates = sorted.map((value) => (value > 0 ? 1000 / value : meanMs > 0 ? 1000 / meanMs : 0));
  return {
    task: taskName,
    unit,
    operation,
    mean: meanMs * scale,
    p50: quantile(sorted, 0.5) * scale,
    p99: quantile(sorted, 0.99) * scale,
    opsPerSecond: rates.reduce((sum, rate) => sum + rate, 0) / rates.length,
    samples: sorted.length,
  };
}

const PER_MS: Record<MeasurementUnit, number> = { ns: 1e6, 'µs': 1e3, ms: 1 };

/** Linear interpolation between order statistics (tinybench's definition). */
function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function completedResult(benchName: string, task: Task) {
  const result = task.result;
  if (result.state === 'completed') return result;
  throw new BenchmarkTaskFailedError(benchName, task.name, result.state, result.state === 'errored' ? result.error : undefined);
}
