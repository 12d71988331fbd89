/** The control key held something other than a ControlFlag; refusing beats guessing. */
export class InvalidControlFlagError extends Error {
  override readonly name = 'InvalidControlFlagError';
  constructor(key: string, raw: string, detail: string) {
    super(
      `Control key ${key} holds ${JSON.stringify(raw.slice(0, 120))}, which is not a control flag (${detail}); ` +
        'write one with ControlFlags.set(), e.g. {"kind":"now"}',
    );
  }
}
