// Interruption check cost: the price of one `Interruption.check({ items, cursor })`, the question
// both engines ask after every item (iteration) or at every checkpoint (continuable).
//
// Why it matters: the check runs once per item, so a check that did I/O (a Redis GET for the
// control flag, say) would add a network round trip to every item of every job on both engines.
// The runtime reads the flag on a timer instead and compares it here; this benchmark shows that a
// check, with a live flag store being polled every 20 ms, stays far below a microsecond, so the
// per-item interruption point is not a reason to prefer either engine or to check less often.
import { performance } from 'node:perf_hooks';
import { ControlFlags } from '../../src/runtime/control-flags.js';
import { Interruption } from '../../src/runtime/interruption.js';
import { BenchmarkCheckFailedError } from './errors/benchmark-check-failed-error.js';
import { measurementOf, runInRounds, type SampleSets } from './measurement.js';
import type { BenchmarkReport, BenchStack } from './types.js';

/** Calls per sample: one call (~tens of ns) is far below the timer's resolution, a batch is not. */
const CALLS_PER_SAMPLE = 20_000;
/** Much faster than the runtime's default (100 ms), so polls keep happening during the measurement. */
const FLAG_POLL_MS = 20;
const QUEUE = 'bench-interruption';

const NO_FLAG = 'no flag set';
const PENDING_FLAG = 'at-cursor flag pending + time and item limits';

export async function measureInterruptionCheck(stack: BenchStack): Promise<BenchmarkReport> {
  const flags = new ControlFlags(stack.redis, stack.prefix);
  // A flag for a cursor the loop never reaches: every check compares the cursor with it.
  const farCursor = Number.MAX_SAFE_INTEGER;
  await flags.set(QUEUE, 'pending-flag', { kind: 'at-cursor', cursor: farCursor });

  const idle = new Interruption({
    signal: new AbortController().signal,
    flags: { store: flags, queueName: QUEUE, jobId: 'no-flag' },
    flagPollMs: FLAG_POLL_MS,
  });
  const flagged = new Interruption({
    signal: new AbortController().signal,
    flags: { store: flags, queueName: QUEUE, jobId: 'pending-flag' },
    flagPollMs: FLAG_POLL_MS,
    limits: { maxRuntimeMs: 60 * 60_000, itemBudget: Number.MAX_SAFE_INTEGER },
  });
  await Promise.all([idle.start(), flagged.start()]);

  let stops = 0;
  const batchOfChecks = (interruption: Interruption) => () => {
    const start = performance.now();
    for (let i = 0; i < CALLS_PER_SAMPLE; i++) {
      if (interruption.check({ items: i, cursor: i }) !== undefined) stops++;
    }
    const elapsed = performance.now() - start;
    // The sample is the mean cost of one call; the budget counts the whole batch.
    return { overriddenDuration: elapsed / CALLS_PER_SAMPLE, overriddenIterationCost: elapsed };
  };

  let samples: SampleSets;
  try {
    samples = await runInRounds(
      'interruption-check',
      [
        { name: NO_FLAG, fn: batchOfChecks(idle) },
        { name: PENDING_FLAG, fn: batchOfChecks(flagged) },
      ],
      { rounds: 4, bench: { time: 150, warmupTime: 200, throws: true } },
    );
    // The flag store was live all along: the pending flag fires as soon as its cursor is reached.
    const atFarCursor = flagged.check({ items: 1, cursor: farCursor });
    if (stops !== 0 || atFarCursor !== 'flag') {
      throw new BenchmarkCheckFailedError(
        'interruption-check',
        "no stop during the loops, then 'flag' at the flag's cursor",
        `${stops} stops, then ${String(atFarCursor)}`,
      );
    }
  } finally {
    await Promise.all([idle.close(), flagged.close()]);
  }

  const noFlag = measurementOf(samples, NO_FLAG, 'ns', 'check() call');
  const pending = measurementOf(samples, PENDING_FLAG, 'ns', 'check() call');
  return {
    id: 'interruption-check',
    title: 'Interruption check cost',
    measures:
      `One \`Interruption.check({ items, cursor })\` call, timed in batches of ${CALLS_PER_SAMPLE.toLocaleString('en-US')} ` +
      `(each sample is the mean of one batch), with a control flag store on the real Redis polled every ${FLAG_POLL_MS} ms.`,
    whyItMatters:
      'Both engines call it after every item or checkpoint. It reads nothing from Redis (the flag is polled on a timer), ' +
      'so it costs nanoseconds: checking after every single item is free on either engine.',
    measurements: [noFlag, pending],
    findings: [
      { label: 'check(), no flag set, p50', value: noFlag.p50, unit: 'ns/call', headline: true },
      { label: 'check(), no flag set, mean', value: noFlag.mean, unit: 'ns/call' },
      { label: 'check(), pending flag and limits, p50', value: pending.p50, unit: 'ns/call', headline: true },
      { label: 'check(), pending flag and limits, mean', value: pending.mean, unit: 'ns/call' },
    ],
    notes: [
      'Flag polls run on the event loop between batches; their Redis round trips are not part of any check.',
      'The second row also compares the cursor with the flag\'s and reads the clock (for maxRuntimeMs) on every call.',
      'A sample is a batch mean, so the p99 row is a batch the OS interrupted (other processes, GC), not a slow check.',
    ],
  };
}
