/** The error the spec jobs throw on purpose, so a scenario can tell it from a real failure. */
export class PlannedFailure extends Error {
  override readonly name = 'PlannedFailure';
}
