/**
 * Thrown on purpose by a service when the seeded failure rate picks this item, before any effect
 * is written. Scenarios use it to exercise retries; seeing it is not a bug.
 */
export class SimulatedFailureError extends Error {
  override readonly name = 'SimulatedFailureError';
  constructor(
    readonly kind: string,
    readonly subjectId: number,
    readonly execution: number,
  ) {
    super(
      `Simulated failure for ${kind} ${subjectId} in execution ${execution} (seeded failureRate); ` +
        'set ProcessingSettings.failureRate to 0 to turn these off',
    );
  }
}
