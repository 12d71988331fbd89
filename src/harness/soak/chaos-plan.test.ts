import { describe, expect, it } from 'vitest';
import { countFaults, planChaos } from './chaos-plan.js';

describe('the chaos plan', () => {
  const options = { seed: 42, interruptions: 30, durationMs: 90_000, workers: 3 };

  it('replays exactly from its seed, and differs for another seed', () => {
    expect(planChaos(options)).toEqual(planChaos(options));
    expect(planChaos({ ...options, seed: 43 })).not.toEqual(planChaos(options));
  });

  it('holds the asked signals, split between SIGTERM and SIGKILL, plus a third as many of each connection fault', () => {
    expect(countFaults(planChaos(options))).toEqual({ sigterm: 15, sigkill: 15, 'redis-client-kill': 10, 'postgres-backend-kill': 10 });
  });

  it('spreads the faults over the window in order, never two at once, against workers of the pool', () => {
    const plan = planChaos(options);
    const times = plan.map((fault) => fault.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(plan.length);
    expect(Math.min(...times)).toBeGreaterThan(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(options.durationMs);
    expect(plan.every((fault) => fault.worker >= 0 && fault.worker < options.workers)).toBe(true);
  });
});
