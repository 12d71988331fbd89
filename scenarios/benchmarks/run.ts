// `npm run bench`: the cost figures of the two engines, printed and written to reports/bench.json
// and reports/bench.md. Starts its own stack (REDIS_URL + DATABASE_URL, Docker, or local servers),
// with a database and Redis prefix of its own, and releases all of it at the end, on error and on
// Ctrl-C. Sized for a 2-core machine: about a minute in all.
import { performance } from 'node:perf_hooks';
import { openBenchStack } from './bench-stack.js';
import { measureCheckpointWrite } from './checkpoint-write-cost.js';
import { renderConsoleTable } from './console-table.js';
import { measureEngineOverhead } from './engine-overhead.js';
import { measureInterruptionCheck } from './interruption-check-cost.js';
import { describeMachine } from './machine.js';
import { writeBenchReports } from './report.js';
import { measureResumeCost } from './resume-cost.js';
import { stopOnSignals } from './stop-on-signals.js';
import { Teardown } from './teardown.js';
import type { BenchmarkReport, BenchStack } from './types.js';

const BENCHMARKS: { name: string; measure: (stack: BenchStack) => Promise<BenchmarkReport> }[] = [
  { name: 'interruption check cost', measure: measureInterruptionCheck },
  { name: 'checkpoint write cost', measure: measureCheckpointWrite },
  { name: 'resume cost, keyset vs offset', measure: measureResumeCost },
  { name: 'engine overhead per item', measure: measureEngineOverhead },
];

async function main(): Promise<number> {
  const startedAt = performance.now();
  const machine = describeMachine();
  const teardown = new Teardown();
  const removeSignalHandlers = stopOnSignals(teardown);
  try {
    const stack = await openBenchStack(teardown);
    const benchmarks: BenchmarkReport[] = [];
    for (const [index, benchmark] of BENCHMARKS.entries()) {
      console.log(`[${index + 1}/${BENCHMARKS.length}] ${benchmark.name}…`);
      benchmarks.push(await benchmark.measure(stack));
    }
    const report = {
      generatedAt: new Date().toISOString(),
      machine,
      stack: stack.endpoints.description,
      durationMs: performance.now() - startedAt,
      benchmarks,
    };
    console.log(renderConsoleTable(report));
    const written = await writeBenchReports(report);
    console.log(`\nwrote ${written.json} and ${written.markdown}`);
    return 0;
  } catch (error) {
    // After Ctrl-C the stack is torn down under the running benchmark: its error says nothing new.
    if (teardown.started) return 130;
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    if (error instanceof Error && error.stack) console.error(error.stack.split('\n').slice(1, 6).join('\n'));
    return 1;
  } finally {
    await teardown.run();
    removeSignalHandlers();
  }
}

// Exit explicitly: everything is released by now, and a stray timer in a library must not keep a
// finished benchmark run hanging.
process.exit(await main());
