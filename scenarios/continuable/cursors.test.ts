import { beforeAll, describe, expect, it } from 'vitest';
import { ContinuableJob, type Step } from 'resumable-jobs/continuable';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { continuableOrigin, itemsByExecution, itemsDoneTwice, recordItem } from '../support/spec/item-ledger.js';
import type { SpecServices } from '../support/spec/spec-services.js';
import { startSpecRuntime, type ContinuableSpec } from '../support/spec/spec-runtime.js';

/** Ids with gaps, as in a real table: advance({ from: id }) stores id + 1, the next id to look at. */
const IDS = [3, 7, 8, 15, 21, 22];

class ReindexRecords extends ContinuableJob<void, SpecServices> {
  static override resume = { delayMs: 20 };

  async perform(): Promise<void> {
    await this.step<number>('reindex', async (step) => {
      for (const id of IDS.filter((candidate) => candidate >= (step.cursor ?? 0))) {
        await recordItem(this.services.orm, continuableOrigin(this.job), id); // resume is inclusive: id >= cursor
        await step.advance({ from: id });
      }
    });
  }
}

/** A string cursor, advanced by the step's own successor: shard 'a', then 'b', … */
class ReindexShards extends ContinuableJob<void, SpecServices> {
  static override resume = { delayMs: 20 };

  async perform(): Promise<void> {
    const nextShard = (shard: string) => String.fromCharCode(shard.charCodeAt(0) + 1);
    await this.step<string>(
      'shards',
      async (step) => {
        while (step.cursor! <= 'd') {
          await recordItem(this.services.orm, continuableOrigin(this.job), step.cursor!.charCodeAt(0));
          await step.advance();
        }
      },
      { start: 'a', successor: nextShard },
    );
  }
}

/** advance() on a step that never got a cursor. */
class CountWithoutStart extends ContinuableJob<void, SpecServices> {
  async perform(): Promise<void> {
    await this.step('count', (step: Step<number>) => step.advance());
  }
}

/** Rails' ContinuableNestedCursorJob: sub-items of items, cursor [item, sub-item] = next to do. */
class UpdateSubItems extends ContinuableJob<{ subItems: number[] }, SpecServices> {
  static override resume = { delayMs: 20 };

  async perform({ subItems }: { subItems: number[] }): Promise<void> {
    await this.step<[number, number]>(
      'updating_sub_items',
      async (step) => {
        while (step.cursor![0] < subItems.length) {
          const [item, first] = step.cursor!;
          for (let sub = first; sub < subItems[item]!; sub++) {
            await recordItem(this.services.orm, continuableOrigin(this.job), item * 10 + sub); // subject 21 = item 2, sub-item 1
            await step.set([item, sub + 1]);
          }
          await step.set([item + 1, 0]);
        }
      },
      { start: [0, 0] },
    );
  }
}

/** Keeps a running average as its cursor: NaN when there is nothing to average yet. */
class AveragePrices extends ContinuableJob<{ prices: number[] }, SpecServices> {
  async perform({ prices }: { prices: number[] }) {
    await this.step<number>('average', async (step) => {
      let total = 0;
      let count = 0;
      for (const price of prices) {
        total += price;
        count += 1;
      }
      await step.set(total / count);
    });
  }
}

/** Rails' ArrayCursorJob: arguments of every JSON kind, walked by index with advance(). */
const OBJECTS = ['hello', 'world', 1, 1.2, null, true, false, [1, 2, 3], { a: 1, b: 2, c: 3 }];
const collected: unknown[] = [];
class CollectObjects extends ContinuableJob<{ objects: unknown[] }, SpecServices> {
  static override resume = { delayMs: 20 };

  async perform({ objects }: { objects: unknown[] }) {
    await this.step<number>(
      'iterate_objects',
      async (step) => {
        for (let index = step.cursor!; index < objects.length; index++) {
          collected.push(objects[index]);
          await recordItem(this.services.orm, continuableOrigin(this.job), index);
          await step.advance();
        }
      },
      { start: 0 },
    );
  }
}

describe("a step's cursor", () => {
  let env: ScenarioEnvironment;
  let spec: ContinuableSpec<object>;
  beforeAll(async () => {
    env = await openScenario(import.meta.url);
    spec = await startSpecRuntime(env, [ReindexRecords, ReindexShards, CountWithoutStart, UpdateSubItems, AveragePrices, CollectObjects]);
  });

  describe('set(cursor)', () => {
    it('can be a nested [outer, inner] array: uninterrupted, every sub-item once, in one execution', async () => {
      const jobId = await spec.enqueue(UpdateSubItems, { subItems: [3, 1, 2] });

      const job = await spec.settled(jobId, 'completed');

      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [0, 1, 2, 10, 20, 21] });
      expect(job.data.continuation).toBeUndefined();
      expect(spec.events.of(jobId, 'continuable.step-completed')).toEqual([expect.objectContaining({ cursor: [3, 0], interrupted: false })]);
    });

    it('can be a nested [outer, inner] array: interrupted at [0, 2], it resumes at that inner position', async () => {
      await spec.runtime.flags.set('jobs', 'nested-1', { kind: 'at-cursor', cursor: [0, 2] });
      const jobId = await spec.enqueue(UpdateSubItems, { subItems: [3, 1, 2] }, { jobId: 'nested-1' });

      const job = await spec.settled(jobId, 'completed');

      expect(job.data.continuation).toEqual({ completed: [], current: ['updating_sub_items', [0, 2]] });
      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [0, 1], 2: [2, 10, 20, 21] });
      expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
      expect(spec.events.of(jobId, 'continuable.step-started')[1]).toMatchObject({ cursor: [0, 2], resumed: true });
      expect(spec.events.of(jobId, 'continuable.step-completed').at(-1)).toMatchObject({ cursor: [3, 0] });
    });

    it('fails at the set() of a cursor that would not survive the JSON round trip', async () => {
      const jobId = await spec.enqueue(AveragePrices, { prices: [] }, { attempts: 3 });

      const job = await spec.settled(jobId, 'failed');

      expect(job.failedReason).toBe(
        "Cursor NaN of step 'average' does not survive a JSON round trip (it would come back as null): cursors are " +
          'stored in the job data as JSON; use strings, finite numbers, booleans, null, arrays and plain objects ' +
          '(e.g. an ISO string for a date)',
      );
      expect(job.attemptsMade).toBe(1);
      expect(job.stacktrace?.[0]).toContain('cursors.test.ts'); // raised where it was set
    });
  });

  describe('advance()', () => {
    it('walks arguments of every JSON kind by index; interrupted at index 3, the rest follow in the next execution', async () => {
      await spec.runtime.flags.set('jobs', 'objects-1', { kind: 'at-cursor', cursor: 3 });
      const jobId = await spec.enqueue(CollectObjects, { objects: OBJECTS }, { jobId: 'objects-1' });

      await spec.settled(jobId, 'completed');

      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [0, 1, 2], 2: [3, 4, 5, 6, 7, 8] });
      expect(collected).toEqual(OBJECTS);
      expect(spec.events.of(jobId, 'continuable.interrupt')).toEqual([expect.objectContaining({ description: "at 'iterate_objects', cursor '3'" })]);
    });

    it('advance({ from: id }) stores the next position (Rails from.succ) and the resumed step starts at it', async () => {
      await spec.runtime.flags.set('jobs', 'reindex-1', { kind: 'at-cursor', cursor: 9 });
      const jobId = await spec.enqueue(ReindexRecords, undefined, { jobId: 'reindex-1' });

      const job = await spec.settled(jobId, 'completed');

      // Stopped after id 8 with cursor 9; the resumed step began at the first id >= 9.
      expect(job.data.continuation).toEqual({ completed: [], current: ['reindex', 9] });
      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [3, 7, 8], 2: [15, 21, 22] });
      expect(await itemsDoneTwice(env.orm, jobId)).toEqual([]);
    });

    it("uses the step's successor for a cursor that is not an integer", async () => {
      await spec.runtime.flags.set('jobs', 'shards-1', { kind: 'at-cursor', cursor: 'c' });
      const jobId = await spec.enqueue(ReindexShards, undefined, { jobId: 'shards-1' });

      const job = await spec.settled(jobId, 'completed');

      expect(job.data.continuation).toEqual({ completed: [], current: ['shards', 'c'] });
      expect(await itemsByExecution(env.orm, jobId)).toEqual({ 1: [97, 98], 2: [99, 100] });
    });

    it('fails with UnadvanceableCursorError when the cursor has no successor', async () => {
      const jobId = await spec.enqueue(CountWithoutStart, undefined, { attempts: 3 });

      const job = await spec.settled(jobId, 'failed');

      expect(job.failedReason).toBe(
        "Cursor of type 'null' has no successor (step 'count', cursor null): advance() finds the next integer; " +
          'give the step a { start } (e.g. 0), a { successor } for other cursor types, or call set(next)',
      );
      expect(job.attemptsMade).toBe(1);
    });
  });
});
