import type { StackMode } from '../types.js';

/** STACK=<mode> was asked for, but that mode cannot work on this machine. */
export class ForcedStackUnavailableError extends Error {
  override readonly name = 'ForcedStackUnavailableError';
  constructor(
    readonly mode: StackMode,
    problem: string,
    fix: string,
  ) {
    super(`STACK=${mode} was requested but ${problem}: ${fix}, or unset STACK to let the provider pick.`);
  }
}
