import { describe, expect, it } from 'vitest';
import { LifecycleBus } from './lifecycle-events.js';

// Event names of the engines' maps, as the bus sees them (the runtime declares none of its own).
const ITEM = 'iteration.iteration' as never;
const DONE = 'iteration.completed' as never;

describe('LifecycleBus: who wants an event', () => {
  it('nobody listening: no event is wanted, so the item loop builds none', () => {
    expect(new LifecycleBus().wants(ITEM)).toBe(false);
  });

  it('an onAny listener that excludes the per-item events wants the rest, and receives only the rest', () => {
    const bus = new LifecycleBus();
    const seen: string[] = [];
    const off = bus.onAny((event) => seen.push(event.name), { except: ['iteration.iteration'] });
    expect(bus.wants(ITEM)).toBe(false);
    expect(bus.wants(DONE)).toBe(true);
    bus.emit(ITEM, {} as never);
    bus.emit(DONE, {} as never);
    expect(seen).toEqual(['iteration.completed']);
    off();
    expect(bus.wants(DONE)).toBe(false);
  });

  it('one unfiltered onAny listener, or a listener by name, makes the per-item event wanted again', () => {
    const bus = new LifecycleBus();
    bus.onAny(() => undefined, { except: ['iteration.iteration'] });
    const offAll = bus.onAny(() => undefined);
    expect(bus.wants(ITEM)).toBe(true);
    offAll();
    expect(bus.wants(ITEM)).toBe(false);
    bus.on(ITEM, () => undefined);
    expect(bus.wants(ITEM)).toBe(true);
  });
});
