import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { itemsDone, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

/** Defines perform() as a plain BullMQ job would: the engine owns the loop, so this is refused. */
class DefinesPerform extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(3, { cursor });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
  async perform() {
    await this.record(99);
  }
}

/** buildEnumerator(args) cannot see the cursor, so every resume would start over. */
class NoCursorParameter extends RecordingJob<Record<string, never>, number, number> {
  // TypeScript accepts an override with fewer parameters; the engine does not.
  buildEnumerator() {
    return this.enumerate.times(3, { cursor: undefined });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
}

/** Takes the cursor but builds its enumerator without it: every resume would start over. */
class DropsCursor extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, _options: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(6, { cursor: undefined });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
}

/** A hand-written generator that restarts at the top instead of after the cursor. */
class RestartingGenerator extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, _options: BuildEnumeratorOptions<number>) {
    return (async function* () {
      for (let n = 0; n < 6; n++) yield [n, n] as const;
    })();
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
}

// What a plain JavaScript caller (or a cast) can register: the compiler would refuse these classes.
// @ts-expect-error -- deliberately lacks buildEnumerator
class NoBuildEnumerator extends RecordingJob<Record<string, never>, number, number> {
  async eachIteration(n: number) {
    await this.record(n);
  }
}
// @ts-expect-error -- deliberately lacks eachIteration
class NoEachIteration extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(3, { cursor });
  }
}

/** Takes its parameters as a rest array: the cursor is there, but the arity check cannot see it. */
class RestParameters extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(...params: [Record<string, never>, BuildEnumeratorOptions<number>]) {
    return this.enumerate.times(3, { cursor: params[1].cursor });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
}

/** Gives the options a default value, which takes the parameter out of Function.length. */
class DefaultOptions extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number> = { cursor: undefined }) {
    return this.enumerate.times(3, { cursor });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
}

describe('iteration jobs built wrong', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [DefinesPerform, NoCursorParameter, DropsCursor, RestartingGenerator, NoBuildEnumerator, NoEachIteration, RestParameters, DefaultOptions]);
    await spec.startWorker();
  });

  it('a job that defines perform() fails at once, saying to move its body into eachIteration', async () => {
    const jobId = await spec.enqueue(DefinesPerform, {}, { jobId: 'defines-perform', attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain('DefinesPerform is an iteration job and must not define perform()');
    expect(job.failedReason).toContain('move the per-item work into eachIteration(item, args)');
    expect(job.stacktrace?.[0]).toContain('PerformDefinedError');
    expect(job.attemptsMade).toBe(1);
    expect(await itemsDone(spec.orm, jobId)).toEqual([]);
  });

  it('a buildEnumerator without the { cursor } parameter fails at once, showing the signature to use', async () => {
    const jobId = await spec.enqueue(NoCursorParameter, {}, { jobId: 'no-cursor-parameter', attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain('NoCursorParameter.buildEnumerator declares 0 parameter(s) but must take (args, { cursor })');
    expect(job.stacktrace?.[0]).toContain('MissingCursorParameterError');
    expect(job.attemptsMade).toBe(1);
    expect(await itemsDone(spec.orm, jobId)).toEqual([]);
  });

  it.each([
    { job: NoBuildEnumerator, method: 'buildEnumerator' },
    { job: NoEachIteration, method: 'eachIteration' },
  ])('a job without $method fails at once, naming the method and showing its shape', async ({ job: cls, method }) => {
    const jobId = await spec.enqueue(cls as never, {}, { attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain(`${cls.name} does not implement ${method}(); an iteration job needs both methods`);
    expect(job.stacktrace?.[0]).toContain('MissingIterationMethodError');
    expect(job.attemptsMade).toBe(1);
    expect(await itemsDone(spec.orm, jobId)).toEqual([]);
  });

  // job-iteration accepts `build_enumerator(*)` and a defaulted `cursor:`; we check the cursor by
  // arity, and a rest or defaulted parameter hides it, so these are refused with a way out.
  it.each([
    { job: RestParameters, declared: 0 },
    { job: DefaultOptions, declared: 1 },
  ])('a buildEnumerator with rest or defaulted parameters ($job.name) is refused, not run', async ({ job: cls, declared }) => {
    const jobId = await spec.enqueue(cls, {}, { attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain(`${cls.name}.buildEnumerator declares ${declared} parameter(s) but must take (args, { cursor })`);
    expect(job.failedReason).toContain('drop the default');
    expect(job.stacktrace?.[0]).toContain('MissingCursorParameterError');
    expect(await itemsDone(spec.orm, jobId)).toEqual([]);
  });

  it.each([
    { job: DropsCursor, detail: 'buildEnumerator handed times the cursor null' },
    { job: RestartingGenerator, detail: "its enumerator's first item has cursor 0, before the checkpoint" },
  ])('an enumerator that ignores its cursor ($job.name) fails on resume instead of repeating items', async ({ job: cls, detail }) => {
    const jobId = `ignores-${cls.name}`;
    // The first execution does items 0 and 1, then a control flag interrupts it.
    await spec.runtime.flags.set('jobs', jobId, { kind: 'after-items', items: 2 });
    await spec.enqueue(cls, {}, { jobId, attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain(`${cls.name} resumed with checkpoint cursor 1 but ${detail}`);
    expect(job.failedReason).toContain('Pass the cursor buildEnumerator receives to the enumerator it returns');
    expect(job.stacktrace?.[0]).toContain('CursorIgnoredError');
    expect(job.attemptsMade).toBe(1);
    expect(await itemsDone(spec.orm, jobId)).toEqual([0, 1]);
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    // The checkpoint is left as it was, for whoever repairs the job.
    expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: '1', interruptions: '1' });
  });
});
