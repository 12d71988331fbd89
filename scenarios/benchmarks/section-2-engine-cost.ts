// Section 2: the engines' own cost per item: one job of 100,000 items that do nothing, through a
// real in-process worker, on each engine and on the two plain BullMQ baselines. What a variant adds
// over the floor, per item, is what its checkpointing costs when the work itself costs nothing.
import { formatNumber } from './format-number.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { JobLab } from './job-lab.js';
import { NoopContinuableJob, NoopContinuableJobEvery5s } from './noop-continuable-job.js';
import { NoopIterationJob } from './noop-iteration-job.js';
import { PLAIN_JOBS } from './plain-processors.js';
import { figuresAgainst, interleavedRounds, type Variant } from './rounds.js';
import { CONTINUABLE, CONTINUABLE_5S, ENGINES, FLOOR, ITERATION, UPDATE_DATA } from './section-1-orders-end-to-end.js';
import { spreadOf } from './spread.js';
import { atLeastTarget, atMostTarget } from './targets.js';
import type { Figure } from './types.js';
import { COMPLETION_METHOD } from './worker-timings.js';

/**
 * Where each engine's per-item time goes, from `node --cpu-prof` over 3 × 100,000 no-op items
 * (self time in the engines' own frames), to explain a missed target.
 */
const PROFILED_COST: Record<string, string> = {
  [CONTINUABLE]: 'profiled: Step.checkpoint and Step.set per item (cursor check, interruption check) and the await of each set()',
  [CONTINUABLE_5S]: 'profiled: as the default, plus a clock read per item to see whether the 5 s checkpoint is due',
  [ITERATION]:
    'profiled: the async hops of IterationExecution.iterate/iterateWithCallbacks per item, Checkpoint.flushDue (a clock read per item), ' +
    'defaultExitReason and the enumeration guard\'s pair check (profiled before the engines became a package)',
};

/** Below this, an engine's cost is within the timer's and the floor's noise: ratios to it would mean nothing. */
const RESOLUTION_US = 0.001;

export const engineCost: Section = {
  number: 2,
  title: 'Per-item engine cost: no-op items in one job',
  async measure({ env, sizes, progress }: BenchContext): Promise<SectionResult> {
    const lab = await JobLab.open(env, [NoopContinuableJob, NoopContinuableJobEvery5s, NoopIterationJob]);
    const itemsOf = (label: string) => (label === UPDATE_DATA ? sizes.updateDataItems : sizes.noopItems);
    const variantsFor = (scale: number): Variant[] => {
      const args = (label: string) => ({ items: Math.max(1, Math.round(itemsOf(label) * scale)) });
      return [
        { label: FLOOR, run: async () => (await lab.runPlain(PLAIN_JOBS.noopFloor, args(FLOOR))).ms },
        { label: UPDATE_DATA, run: async () => (await lab.runPlain(PLAIN_JOBS.noopUpdateData, args(UPDATE_DATA))).ms },
        { label: CONTINUABLE, run: async () => (await lab.runEngine(NoopContinuableJob, args(CONTINUABLE))).ms },
        { label: CONTINUABLE_5S, run: async () => (await lab.runEngine(NoopContinuableJobEvery5s, args(CONTINUABLE_5S))).ms },
        { label: ITERATION, run: async () => (await lab.runEngine(NoopIterationJob, args(ITERATION))).ms },
      ];
    };
    await interleavedRounds(variantsFor(0.2), 1, (line) => progress(`warm-up ${line}`));
    const samples = await interleavedRounds(variantsFor(1), sizes.noopRounds, progress);
    await lab.close();

    const usPerItem = (label: string, ms: number) => (ms * 1000) / itemsOf(label);
    const perItem = figuresAgainst(samples, FLOOR, 'µs per item', usPerItem);
    const floorUs = samples.get(FLOOR)!.map((ms) => usPerItem(FLOOR, ms));
    const overFloor = (label: string) => samples.get(label)!.map((ms, i) => usPerItem(label, ms) - floorUs[i]!);
    const overFigures: Figure[] = [UPDATE_DATA, ...ENGINES].map((label) => ({
      label: `${label}: over the floor`,
      unit: 'µs per item',
      value: spreadOf(overFloor(label)),
    }));
    const overMedian = (label: string) => spreadOf(overFloor(label)).median;
    const updateDataOver = overMedian(UPDATE_DATA);
    const cheaperFigures: Figure[] = ENGINES.map((label) => ({
      label: `updateData's cost over the floor / ${label}'s`,
      unit: '×',
      value: spreadOf([updateDataOver / Math.max(overMedian(label), RESOLUTION_US)]),
    }));

    return {
      id: 'engine-cost',
      title: this.title,
      measures:
        `One job of ${sizes.noopItems.toLocaleString('en-US')} items that do nothing per variant (the \`job.updateData\` variant: ` +
        `${sizes.updateDataItems.toLocaleString('en-US')} items, as each costs a Redis write), on an in-process worker (${COMPLETION_METHOD}), ` +
        `${sizes.noopRounds} interleaved rounds after a warm-up. Cost over the floor = the variant's µs per item minus the floor's in the same round.`,
      figures: [...perItem, ...overFigures, ...cheaperFigures],
      targets: [
        ...ENGINES.map((label) =>
          atMostTarget(
            `${label}: under 0.5 µs per item over the floor`,
            overMedian(label),
            0.5,
            'µs per item',
            PROFILED_COST[label]!,
          ),
        ),
        ...ENGINES.map((label) =>
          atLeastTarget(
            `${label}: at least 100× cheaper per item than updateData`,
            updateDataOver / Math.max(overMedian(label), RESOLUTION_US),
            100,
            '×',
            'follows from the per-item cost above',
          ),
        ),
      ],
      charts: [
        {
          title: 'Cost over the floor, µs per item (median)',
          yAxis: 'µs per item',
          bars: ENGINES.map((label) => ({ label, value: Math.max(0, overMedian(label)) })),
        },
      ],
      notes: [
        `The floor loops and awaits an empty async function per item: ${formatNumber(spreadOf(floorUs).median)} µs per item here.`,
        `\`job.updateData\` per item costs ${formatNumber(updateDataOver)} µs over the floor: one Redis round trip and a rewrite of the job's data per item.`,
        `A cost over the floor below ${RESOLUTION_US} µs is within the noise; the "cheaper than updateData" ratios count it as ${RESOLUTION_US} µs.`,
      ],
    };
  },
};
