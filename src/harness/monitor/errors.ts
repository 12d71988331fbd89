/** A server the monitor or the dashboard needs does not answer, or their port is taken. Exit code 1. */
export class MonitorError extends Error {
  override readonly name = 'MonitorError';
  readonly exitCode = 1;
}
