// Section 4: what a resume costs the deeper the job got: a job stopped at cursor 0, 5,000 or 9,900 of
// 10,000 orders is enqueued with its stored progress, and the time from the worker picking it up to
// its first item is timed, on both engines (keyset pages, no OFFSET: depth should not matter).
import { jobNameOf } from 'resumable-jobs/runtime';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { BenchmarkCheckFailedError } from './errors.js';
import { JobLab } from './job-lab.js';
import { firstItemAt } from './order-items.js';
import { OrdersContinuable, OrdersIteration } from './order-jobs.js';
import { figuresAgainst, interleavedRounds, type Variant } from './rounds.js';
import { continuableDataAt, writeIterationCheckpoint } from './stored-progress.js';
import { ratioTarget } from './targets.js';
import type { Figure } from './types.js';

const label = (engine: string, depth: number) => `${engine}, cursor at ${depth.toLocaleString('en-US')}`;

export const resumeDepth: Section = {
  number: 4,
  title: 'Resume cost vs depth: pickup to first item',
  async measure({ env, sizes, progress, orderIds }: BenchContext): Promise<SectionResult> {
    const lab = await JobLab.open(env, [OrdersContinuable, OrdersIteration]);
    const args = { page: sizes.page, touch: false };
    // Depth d: the first d orders are done, so the stored cursor is the id of order d (0: nothing done).
    const cursorAt = (depth: number) => (depth === 0 ? 0 : orderIds[depth - 1]!);
    const pickupToFirstItem = (jobId: string) => {
      const picked = lab.timings.pickedUpAt(jobId);
      const first = firstItemAt.get(jobId);
      if (picked === undefined || first === undefined) throw new BenchmarkCheckFailedError('resume-depth', `job ${jobId} to reach an item`, 'no item');
      return first - picked;
    };
    const variants: Variant[] = sizes.depths.flatMap((depth) => [
      {
        label: label('continuable', depth),
        run: async () => {
          const { jobId } = await lab.runEngine(OrdersContinuable, args, { data: continuableDataAt(args, 'orders', cursorAt(depth)) });
          return pickupToFirstItem(jobId);
        },
      },
      {
        label: label('iteration', depth),
        run: async () => {
          const jobId = lab.jobId(jobNameOf(OrdersIteration));
          if (depth > 0) await writeIterationCheckpoint(lab.runtime.redis, env.prefix, lab.runtime.defaultQueueName, jobId, cursorAt(depth));
          await lab.runEngine(OrdersIteration, args, { jobId });
          return pickupToFirstItem(jobId);
        },
      },
    ]);
    await interleavedRounds(variants, 1, (line) => progress(`warm-up ${line}`));
    const samples = await interleavedRounds(variants, sizes.depthRounds, progress);
    await lab.close();

    const deepest = sizes.depths[sizes.depths.length - 1]!;
    const figures: Figure[] = ['continuable', 'iteration'].flatMap((engine) => {
      const engineSamples = new Map(sizes.depths.map((depth) => [label(engine, depth), samples.get(label(engine, depth))!]));
      return figuresAgainst(engineSamples, label(engine, 0), 'ms pickup → first item');
    });
    const byLabel = new Map(figures.map((f) => [f.label, f]));
    return {
      id: 'resume-depth',
      title: this.title,
      measures:
        `${sizes.depthOrders.toLocaleString('en-US')} orders; a job enqueued with its engine's stored progress at cursor ${sizes.depths.map((d) => d.toLocaleString('en-US')).join(', ')} ` +
        '(continuable: the continuation in the job data; iteration: the checkpoint hash), timed from the worker\'s \'active\' event to the job\'s first item. ' +
        `Interleaved rounds after a warm-up; ratios to cursor 0 of the same engine and round.`,
      figures,
      targets: ['continuable', 'iteration'].map((engine) =>
        ratioTarget(`${engine}: resume at ${deepest.toLocaleString('en-US')} within 1.5× of a start at 0`, byLabel.get(label(engine, deepest))!, 1.5, 'a resume reads more than one page, or the page query scans from the start'),
      ),
      charts: [
        {
          title: 'Pickup to first item (median, ms)',
          yAxis: 'ms',
          bars: figures.map((f) => ({ label: f.label, value: f.value.median })),
        },
      ],
      notes: ['Both engines read the page after the cursor with `id > cursor` (keyset), so the first item of a resume costs one page query at any depth.'],
    };
  },
};
