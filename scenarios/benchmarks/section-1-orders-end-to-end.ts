// Section 1: end to end on real Redis and PostgreSQL, 10,000 orders with one UPDATE each, read in
// keyset pages of 100: what a job pays for resumability on each engine, against a plain BullMQ
// processor (no checkpoints: the floor) and the BullMQ documentation's `job.updateData({ cursor })`
// after every item.
import { formatNumber } from './format-number.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { JobLab } from './job-lab.js';
import { OrdersContinuable, OrdersContinuableEvery5s, OrdersIteration } from './order-jobs.js';
import { PLAIN_JOBS } from './plain-processors.js';
import { figuresAgainst, interleavedRounds, type Variant } from './rounds.js';
import { ratioTarget } from './targets.js';
import { COMPLETION_METHOD } from './worker-timings.js';

export const FLOOR = 'plain BullMQ processor (floor)';
export const UPDATE_DATA = 'job.updateData({ cursor }) per item';
export const CONTINUABLE = 'continuable, default';
export const CONTINUABLE_5S = 'continuable, checkpointEveryMs 5 s';
export const ITERATION = 'iteration, default (5 s flush)';
export const ENGINES = [CONTINUABLE, CONTINUABLE_5S, ITERATION];

export const ordersEndToEnd: Section = {
  number: 1,
  title: 'End to end: orders with one UPDATE each',
  async measure({ env, sizes, progress }: BenchContext): Promise<SectionResult> {
    const lab = await JobLab.open(env, [OrdersContinuable, OrdersContinuableEvery5s, OrdersIteration]);
    const variantsFor = (touch: boolean): Variant[] => {
      const args = { page: sizes.page, touch };
      return [
        { label: FLOOR, run: async () => (await lab.runPlain(PLAIN_JOBS.ordersFloor, args)).ms },
        { label: UPDATE_DATA, run: async () => (await lab.runPlain(PLAIN_JOBS.ordersUpdateData, args)).ms },
        { label: CONTINUABLE, run: async () => (await lab.runEngine(OrdersContinuable, args)).ms },
        { label: CONTINUABLE_5S, run: async () => (await lab.runEngine(OrdersContinuableEvery5s, args)).ms },
        { label: ITERATION, run: async () => (await lab.runEngine(OrdersIteration, args)).ms },
      ];
    };
    // Warm-up: every path once without the UPDATEs (JIT, prepared plans), not recorded.
    await interleavedRounds(variantsFor(false), 1, (line) => progress(`warm-up ${line}`));
    const samples = await interleavedRounds(variantsFor(true), sizes.rounds, progress);
    await lab.close();

    const figures = figuresAgainst(samples, FLOOR, 'ms per job');
    const perItem = figuresAgainst(samples, FLOOR, 'µs per order', (_, ms) => (ms * 1000) / sizes.orders);
    const byLabel = new Map(figures.map((figure) => [figure.label, figure]));
    return {
      id: 'orders-end-to-end',
      title: this.title,
      measures:
        `${sizes.orders.toLocaleString('en-US')} orders, one \`UPDATE orders SET processed_at = now() WHERE id = ?\` each, read in keyset pages of ` +
        `${sizes.page}, one job per variant on an in-process worker; ${COMPLETION_METHOD}. ` +
        `${sizes.rounds} interleaved rounds after a warm-up; each ratio is the median of the per-round ratios to the floor of the same round.`,
      figures: [...figures, ...perItem.map((figure) => ({ ...figure, label: `${figure.label}, per order` }))],
      targets: ENGINES.map((label) =>
        ratioTarget(`${label} within 3% of the floor`, byLabel.get(label)!, 1.03, 'the engine\'s per-item checkpoint and the interruption checks, or load noise: see section 2 for the engine\'s own per-item cost'),
      ),
      charts: [
        {
          title: 'Time per job, ratio to the plain BullMQ floor (median of rounds)',
          yAxis: '× floor',
          bars: figures.map((figure) => ({ label: figure.label, value: figure.ratio?.median ?? 1 })),
        },
      ],
      notes: [
        `Floor median: ${formatNumber(byLabel.get(FLOOR)!.value.median)} ms per job. Every variant reads the same pages; the iteration job reads them through the \`records\` enumerator (ids only), the others with the same keyset SQL.`,
        'The UPDATE dominates every item, so the ratios show what checkpointing adds to a job doing real work; on this shared machine, round-to-round noise of a few percent is common (see the spread).',
      ],
    };
  },
};
