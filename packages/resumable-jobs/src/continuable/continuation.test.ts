import { describe, expect, it } from 'vitest';
import { Continuation, type ContinuationHost } from './continuation.js';
import { InvalidStepError, SwallowedInterruptError } from './errors.js';
import { ContinuationInterrupt, isContinuationInterrupt } from './signals.js';
import type { Step } from './step.js';
import type { SerializedContinuation } from './types.js';

/**
 * The step machine alone, with an in-memory host: no Redis, no BullMQ. `stopWhen` plays the
 * runtime's Interruption; `log` records what the engine would emit.
 */
function harness(stored?: SerializedContinuation, stopWhen: (c: Continuation) => boolean = () => false) {
  const log: string[] = [];
  let thrown: ContinuationInterrupt | undefined;
  // eslint-disable-next-line prefer-const
  let continuation: Continuation;
  const host: ContinuationHost = {
    async checkpoint() {
      if (stopWhen(continuation)) host.interrupt('flag');
    },
    cursorMoved() {},
    interrupt(reason) {
      log.push(`interrupt ${continuation.description} (${reason})`);
      thrown = new ContinuationInterrupt(reason, continuation.description);
      throw thrown;
    },
    get thrownInterrupt() {
      return thrown;
    },
    stepSkipped: (name) => log.push(`skipped ${name}`),
    stepStarted: (step: Step) => log.push(`started ${step.name}${step.resumed ? ` from ${JSON.stringify(step.cursor)}` : ''}`),
    stepEnded: (step, { error }) =>
      log.push(`ended ${step.name}${error ? (isContinuationInterrupt(error) ? ' (interrupted)' : ' (error)') : ''}`),
    now: () => 0,
  };
  continuation = new Continuation(stored, host);
  return { continuation, log };
}

/** Runs `perform` the way the job base does: an automatic checkpoint before each step once advanced. */
async function stepOf(c: Continuation, ...args: Parameters<Continuation['step']>) {
  if (c.advanced) await (c as unknown as { host: ContinuationHost }).host.checkpoint(c.currentStep?.cursor ?? null);
  return c.step(...args);
}

async function catchError(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('Continuation: steps, cursors and what is stored', () => {
  it('runs steps in order and stores them as completed', async () => {
    const { continuation, log } = harness();
    const items: number[] = [];
    await continuation.step('load', () => items.push(0));
    await continuation.step<number>('process', async (step) => {
      for (let i = step.cursor ?? 1; i <= 3; i++) {
        items.push(i);
        await step.set(i);
      }
    });
    expect(items).toEqual([0, 1, 2, 3]);
    expect(continuation.toJSON()).toEqual({ completed: ['load', 'process'] });
    expect(continuation.description).toBe("after 'process'");
    expect(log).toEqual(['started load', 'ended load', 'started process', 'ended process']);
  });

  it('stops at a checkpoint with the cursor already set, and resumes that step from it', async () => {
    const first = harness(undefined, (c) => c.currentStep?.cursor === 2);
    const done: number[] = [];
    const body = async (step: Step<number>) => {
      for (let i = (step.cursor ?? 0) + 1; i <= 4; i++) {
        done.push(i);
        await step.set(i);
      }
    };
    const interrupt = await catchError(() => first.continuation.step('process', body));
    expect(interrupt.message).toBe("Interrupted at 'process', cursor '2' (flag)");
    expect(first.continuation.toJSON()).toEqual({ completed: [], current: ['process', 2] });
    expect(first.log).toContain('ended process (interrupted)');

    const second = harness(first.continuation.toJSON());
    expect(second.continuation.started).toBe(true);
    await second.continuation.step('process', body);
    expect(done).toEqual([1, 2, 3, 4]);
    expect(second.log[0]).toBe('started process from 2');
  });

  it('skips completed steps on resume: their bodies do not run again', async () => {
    const { continuation, log } = harness({ completed: ['one', 'two'] });
    const ran: string[] = [];
    for (const name of ['one', 'two', 'three']) await stepOf(continuation, name, () => ran.push(name));
    expect(ran).toEqual(['three']);
    expect(log.slice(0, 2)).toEqual(['skipped one', 'skipped two']);
  });

  it('ignores start when resuming, and uses it for a fresh step', async () => {
    const seen: unknown[] = [];
    await harness({ completed: [], current: ['s', 7] }).continuation.step('s', (step) => seen.push(step.cursor), { start: 0 });
    await harness().continuation.step('s', (step) => seen.push(step.cursor), { start: 0 });
    await harness().continuation.step('s', (step) => seen.push(step.cursor));
    expect(seen).toStrictEqual([7, 0, undefined]);
  });

  it('counts as advanced only once this execution completes a step or moves a cursor', async () => {
    const { continuation } = harness({ completed: [], current: ['s', 7] });
    expect(continuation.advanced).toBe(false);
    await catchError(() =>
      continuation.step<number>('s', async (step) => {
        await step.set(7); // same value: no progress
        expect(continuation.advanced).toBe(false);
        await step.advance(); // 8
        expect(continuation.advanced).toBe(true);
        throw new Error('boom');
      }),
    );
    expect(continuation.advanced).toBe(true);
    expect(continuation.toJSON()).toEqual({ completed: [], current: ['s', 8] });
  });
});

describe('Continuation: invalid steps (Rails validation.rb)', () => {
  it('refuses a duplicate step name', async () => {
    const { continuation } = harness();
    await continuation.step('duplicate', () => undefined);
    const error = await catchError(() => continuation.step('duplicate', () => undefined));
    expect(error).toBeInstanceOf(InvalidStepError);
    expect(error.message).toBe("Step 'duplicate' has already been encountered; give each step of perform() its own name");
  });

  it('refuses a step nested inside another', async () => {
    const { continuation } = harness();
    const error = await catchError(() => continuation.step('outer_step', () => continuation.step('inner_step', () => undefined)));
    expect(error.message).toMatch(/^Step 'inner_step' is nested inside step 'outer_step'; /);
  });

  it('refuses a step other than the one the job stopped in', async () => {
    const { continuation } = harness({ completed: [], current: ['iterating', 2] });
    const error = await catchError(() => continuation.step('unexpected', () => undefined));
    expect(error.message).toMatch(/^Step 'unexpected' found, expected to resume from 'iterating'; /);
  });

  it('refuses completed steps met in another order', async () => {
    const { continuation } = harness({ completed: ['one', 'two', 'three'] });
    await continuation.step('one', () => undefined);
    await continuation.step('two', () => undefined);
    const error = await catchError(() => continuation.step('two_and_a_half', () => undefined));
    expect(error.message).toMatch(/^Step 'two_and_a_half' found, expected to see 'three'; /);
  });

  it('refuses a name that is not a non-empty string', async () => {
    const error = await catchError(() => harness().continuation.step(42 as unknown as string, () => undefined));
    expect(error.message).toBe("Step '42' must be a non-empty string, found 'number'");
  });
});

describe('Continuation: isolated steps and swallowed interrupts', () => {
  it('interrupts (isolating) before an isolated step once the execution made progress, and before the next one', async () => {
    const run = async (stored?: SerializedContinuation) => {
      const h = harness(stored);
      const error = await catchError(async () => {
        await stepOf(h.continuation, 'one', () => undefined);
        await stepOf(h.continuation, 'two', () => undefined, { isolated: true });
        await stepOf(h.continuation, 'three', () => undefined);
        throw new Error('completed');
      });
      return { error: error.message, state: h.continuation.toJSON() };
    };
    const first = await run();
    expect(first).toEqual({ error: "Interrupted after 'one' (isolating)", state: { completed: ['one'] } });
    const second = await run(first.state);
    expect(second).toEqual({ error: "Interrupted after 'two' (isolating)", state: { completed: ['one', 'two'] } });
    expect((await run(second.state)).error).toBe('completed');
  });

  it('fails a step that swallowed an interrupt instead of completing it', async () => {
    const { continuation } = harness(undefined, () => true);
    const error = await catchError(() =>
      continuation.step<number>('process', async (step) => {
        try {
          await step.set(1);
        } catch {
          // a catch-all: the interrupt is lost here
        }
      }),
    );
    expect(error).toBeInstanceOf(SwallowedInterruptError);
    expect(error.message).toMatch(/^Step 'process' returned normally after it was interrupted \(Interrupted at 'process', cursor '1' \(flag\)\)/);
    expect(continuation.toJSON()).toEqual({ completed: [], current: ['process', 1] });
  });
});
