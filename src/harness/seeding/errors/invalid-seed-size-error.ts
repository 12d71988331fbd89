/** A seeding function got a size that is not a whole number of rows. */
export class InvalidSeedSizeError extends Error {
  override readonly name = 'InvalidSeedSizeError';
  constructor(what: string, value: number) {
    super(`Cannot seed ${value} ${what}: pass a whole number of 0 or more (at least 1 for customers)`);
  }
}
