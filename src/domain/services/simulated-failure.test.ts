import { describe, expect, it } from 'vitest';
import { isSimulatedFailure } from './simulated-failure.js';
import { perItemDelay } from './per-item-delay.js';
import { resolveProcessingSettings } from './processing-settings.js';
import { InvalidProcessingSettingsError } from '../errors.js';

const ids = Array.from({ length: 2_000 }, (_, i) => i + 1);
const failing = (seed: number, execution: number, rate = 0.1) =>
  ids.filter((id) => isSimulatedFailure({ failureRate: rate, failureSeed: seed }, 'order', id, execution));

describe('the seeded failure rate', () => {
  it('picks the same items for the same seed and execution', () => {
    expect(failing(7, 1)).toEqual(failing(7, 1));
    expect(failing(7, 1)).not.toEqual(failing(8, 1));
  });

  it('re-rolls on a new execution, so a retried item can succeed', () => {
    const first = new Set(failing(7, 1));
    const second = failing(7, 2);
    expect(second.filter((id) => first.has(id)).length).toBeLessThan(first.size / 2);
  });

  it('fails about the requested fraction, and never at rate 0', () => {
    expect(failing(7, 1).length).toBeGreaterThan(140);
    expect(failing(7, 1).length).toBeLessThan(260);
    expect(failing(7, 1, 0)).toEqual([]);
    expect(failing(7, 1, 1)).toHaveLength(ids.length);
  });
});

describe('processing settings', () => {
  it('default to no delay, no failures and raw effects', () => {
    expect(resolveProcessingSettings()).toEqual({ perItemDelayMs: 0, failureRate: 0, failureSeed: 1, idempotent: false });
  });

  it('refuse a failure rate outside 0..1 and a negative delay', () => {
    expect(() => resolveProcessingSettings({ failureRate: 1.5 })).toThrow(InvalidProcessingSettingsError);
    expect(() => resolveProcessingSettings({ perItemDelayMs: -1 })).toThrow(/perItemDelayMs/);
  });
});

describe('the per-item delay', () => {
  it('ends early, without throwing, when the worker shuts down', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const delay = perItemDelay(10_000, controller.signal);
    controller.abort();
    await expect(delay).resolves.toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
