import { describe, expect, it } from 'vitest';
import { Interruption } from './interruption.js';
import type { ControlFlag } from './control-flags.js';

/** An in-memory flag store: these tests are about the decision, not about Redis. */
function flagStore(initial?: ControlFlag) {
  const state = { flag: initial, cleared: 0, reads: 0 };
  return {
    state,
    store: {
      get: async () => {
        state.reads++;
        return state.flag;
      },
      clear: async () => {
        state.cleared++;
        state.flag = undefined;
      },
    },
  };
}

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Interruption: the four sources behind one check', () => {
  it('goes on while no source applies', async () => {
    const interruption = new Interruption({ signal: new AbortController().signal });
    await interruption.start();
    expect(interruption.check({ items: 10_000, cursor: 99 })).toBeUndefined();
  });

  it('reports shutdown when the worker aborts the job, and the abort reason when it gives one', () => {
    const shutdown = new AbortController();
    const interruption = new Interruption({ signal: shutdown.signal });
    expect(interruption.check({ items: 1 })).toBeUndefined();
    shutdown.abort();
    expect(interruption.check({ items: 2 })).toBe('shutdown');

    const lost = new AbortController();
    lost.abort('lock-lost');
    const other = new Interruption({ signal: lost.signal });
    expect(other.check({ items: 0 })).toBe('lock-lost');
    expect(other.lockLost).toBe(true);
  });

  it('stops after exactly N items when given an item budget', () => {
    const interruption = new Interruption({ signal: new AbortController().signal, limits: { itemBudget: 3 } });
    expect([1, 2, 3, 4].map((items) => interruption.check({ items }))).toEqual([undefined, undefined, 'budget', 'budget']);
  });

  it('stops once the execution has run for maxRuntimeMs', () => {
    const time = clock();
    const interruption = new Interruption({ signal: new AbortController().signal, limits: { maxRuntimeMs: 500 }, now: time.now });
    time.advance(499);
    expect(interruption.check({ items: 1 })).toBeUndefined();
    time.advance(1);
    expect(interruption.check({ items: 2 })).toBe('time');
  });

  it('honours a flag set before the run at the first check, then deletes it (one-shot)', async () => {
    const flags = flagStore({ kind: 'now' });
    const interruption = new Interruption({
      signal: new AbortController().signal,
      flags: { store: flags.store, queueName: 'q', jobId: '1' },
    });
    await interruption.start();
    expect(interruption.check({ items: 1 })).toBe('flag');
    await interruption.close();
    expect(flags.state.cleared).toBe(1);
  });

  it('compares an at-cursor flag with the cursor locally, without reading Redis per item', async () => {
    const flags = flagStore({ kind: 'at-cursor', cursor: 300 });
    const interruption = new Interruption({
      signal: new AbortController().signal,
      flags: { store: flags.store, queueName: 'q', jobId: '1' },
      flagPollMs: 60_000,
    });
    await interruption.start();
    const stops = [298, 299, 300].map((cursor, i) => interruption.check({ items: i + 1, cursor }));
    expect(stops).toEqual([undefined, undefined, 'flag']);
    expect(flags.state.reads).toBe(1);
    await interruption.close();
  });

  it('leaves an unhonoured flag in place for the execution that reaches it', async () => {
    const flags = flagStore({ kind: 'after-items', items: 5 });
    const interruption = new Interruption({
      signal: new AbortController().signal,
      flags: { store: flags.store, queueName: 'q', jobId: '1' },
    });
    await interruption.start();
    expect(interruption.check({ items: 4 })).toBeUndefined();
    await interruption.close();
    expect(flags.state.cleared).toBe(0);
  });

  it('gives shutdown precedence over the other sources', () => {
    const shutdown = new AbortController();
    shutdown.abort();
    const interruption = new Interruption({ signal: shutdown.signal, limits: { itemBudget: 1 } });
    expect(interruption.check({ items: 1 })).toBe('shutdown');
  });
});
