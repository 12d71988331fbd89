/** A value that should be money (a decimal with at most two places) is not. */
export class InvalidMoneyError extends Error {
  override readonly name = 'InvalidMoneyError';
  constructor(value: string) {
    super(
      `"${value}" is not an amount of money; pass a decimal string with at most two places, such as "12.50"`,
    );
  }
}
