import { UnrecoverableError } from 'bullmq';

/** A job arrived whose name no registered class answers to (a deploy removed or renamed it). */
export class UnknownJobError extends UnrecoverableError {
  override readonly name = 'UnknownJobError';
  constructor(jobName: string, known: string[]) {
    super(
      `No job class is registered as "${jobName}" (registered: ${known.join(', ') || 'none'}); ` +
        'register it with runtime.register() in the worker that consumes this queue',
    );
  }
}
