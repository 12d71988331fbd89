/**
 * The domain's named errors: bad values (money, processing settings), ids a job should not have
 * yielded, and the failure a service throws on purpose so scenarios can exercise retries.
 */

/** A value that should be money (a decimal with at most two places) is not. */
export class InvalidMoneyError extends Error {
  override readonly name = 'InvalidMoneyError';
  constructor(value: string) {
    super(
      `"${value}" is not an amount of money; pass a decimal string with at most two places, such as "12.50"`,
    );
  }
}

/** ProcessingSettings out of range (a negative delay, a failure rate outside 0..1). */
export class InvalidProcessingSettingsError extends Error {
  override readonly name = 'InvalidProcessingSettingsError';
  constructor(problem: string) {
    super(`Invalid processing settings: ${problem}`);
  }
}

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

/** A job asked a service to handle an order, customer or recipient id that is not in the database. */
export class SubjectNotFoundError extends Error {
  override readonly name = 'SubjectNotFoundError';
  constructor(
    readonly entity: string,
    readonly id: number,
  ) {
    super(
      `${entity} ${id} does not exist in this database (was it given a wrong id, or was the data reset or ` +
        'reseeded while the job was paused?)',
    );
  }
}
