/** ProcessingSettings out of range (a negative delay, a failure rate outside 0..1). */
export class InvalidProcessingSettingsError extends Error {
  override readonly name = 'InvalidProcessingSettingsError';
  constructor(problem: string) {
    super(`Invalid processing settings: ${problem}`);
  }
}
