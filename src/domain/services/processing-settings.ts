import { InvalidProcessingSettingsError } from '../errors.js';
import type { ProcessingSettings } from '../types.js';

/** Tests: no delay, no failures, raw (non-idempotent) effects so duplicates stay visible. */
export const defaultProcessingSettings: Readonly<ProcessingSettings> = Object.freeze({
  perItemDelayMs: 0,
  failureRate: 0,
  failureSeed: 1,
  idempotent: false,
});

/** Presentation mode: slow enough to watch a job get interrupted and resume. */
export const presentationProcessingSettings: Readonly<ProcessingSettings> = Object.freeze({
  ...defaultProcessingSettings,
  perItemDelayMs: 500,
});

export function resolveProcessingSettings(overrides: Partial<ProcessingSettings> = {}): ProcessingSettings {
  const settings = { ...defaultProcessingSettings, ...overrides };
  if (!Number.isFinite(settings.perItemDelayMs) || settings.perItemDelayMs < 0) {
    throw new InvalidProcessingSettingsError(`perItemDelayMs must be 0 or more, got ${settings.perItemDelayMs}`);
  }
  if (!(settings.failureRate >= 0 && settings.failureRate <= 1)) {
    throw new InvalidProcessingSettingsError(`failureRate must be between 0 and 1, got ${settings.failureRate}`);
  }
  if (!Number.isInteger(settings.failureSeed)) {
    throw new InvalidProcessingSettingsError(`failureSeed must be an integer, got ${settings.failureSeed}`);
  }
  return settings;
}
