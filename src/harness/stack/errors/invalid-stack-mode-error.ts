/** STACK holds something other than a known mode. */
export class InvalidStackModeError extends Error {
  override readonly name = 'InvalidStackModeError';
  constructor(value: string) {
    super(
      `STACK=${JSON.stringify(value)} is not a stack mode: use external, containers or local, ` +
        'or unset STACK to let the provider pick.',
    );
  }
}
