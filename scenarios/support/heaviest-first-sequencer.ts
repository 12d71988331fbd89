import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The scenario files that take longest (seconds, from a full run on 2 cores), started first so the
 * run does not end waiting for one of them on a single worker. Vitest orders by the durations it
 * cached in node_modules, which a fresh clone (CI) does not have: it would fall back to file size, and
 * the longest scenarios are small files. An ordering hint only: a stale number costs minutes, never a result.
 */
const SECONDS: Record<string, number> = {
  'scenarios/soak/chaos-soak.test.ts': 85,
  'scenarios/demo/sigterm.test.ts': 40,
  'scenarios/operator/manual-flow.test.ts': 45,
  'scenarios/package/installed-as-a-dependency.test.ts': 40,
  'scenarios/operator/demo.test.ts': 44,
  'scenarios/demo/crash.test.ts': 42,
  'scenarios/benchmarks/bench-smoke.test.ts': 35,
  'scenarios/demo/time.test.ts': 30,
  'scenarios/operator/stack.test.ts': 21,
  'scenarios/operator/worker-crash-defaults.test.ts': 21,
  'scenarios/examples/csv-import.test.ts': 19,
  'scenarios/reliability/postgres-statement-timeout.test.ts': 18,
  'scenarios/reliability/redis-faults.test.ts': 30,
  'scenarios/reliability/operator-job-ids.test.ts': 18,
  'scenarios/demo/concurrent.test.ts': 16,
  'scenarios/reliability/redis-full.test.ts': 15,
};

export default class HeaviestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const seconds = (file: TestSpecification) => SECONDS[relative(file.project.config.root, file.moduleId).replaceAll('\\', '/')] ?? 0;
    // Stable: files without a hint keep the order Vitest gave them, after the known heavy ones.
    return sorted.map((file, index) => ({ file, index })).sort((a, b) => seconds(b.file) - seconds(a.file) || a.index - b.index).map(({ file }) => file);
  }
}
