import type { LifecycleBus } from '../runtime/lifecycle-events.js';
import { iterationPerItemEvents } from './per-item-events.js';
import type { IterationCancelledEvent, IterationCompletedEvent, IterationEventName, IterationInterruptedEvent, IterationNilEnumeratorEvent, IterationNotFoundEvent } from './events.js';

/**
 * The log line job-iteration's log subscriber writes for an iteration event (nil enumerator,
 * nothing found, interrupted with its reason, completed with its counters; and Sidekiq's "Job
 * cancelled"), or undefined for the
 * events it does not log.
 */
export function iterationLogLine(name: IterationEventName, event: unknown): string | undefined {
  const { jobName, jobId } = event as IterationNilEnumeratorEvent;
  const job = `${jobName} (job ${jobId})`;
  switch (name) {
    case 'iteration.nil-enumerator':
      return `[Iteration] ${job}: buildEnumerator returned null, skipping the job`;
    case 'iteration.not-found':
      return `[Iteration] ${job}: the enumerator found nothing to iterate, interruptions=${(event as IterationNotFoundEvent).interruptions}`;
    case 'iteration.interrupted': {
      const { cursor, reason } = event as IterationInterruptedEvent;
      return `[Iteration] ${job}: interrupted and re-enqueued at cursor=${JSON.stringify(cursor)} reason=${reason}`;
    }
    case 'iteration.completed': {
      const { interruptions, runtimeMs } = event as IterationCompletedEvent;
      return `[Iteration] ${job}: completed iterating, interruptions=${interruptions} runtime=${(runtimeMs / 1000).toFixed(3)}s`;
    }
    case 'iteration.cancelled': {
      // Sidekiq logs "Job cancelled"; the cursor says where the work stopped.
      const { cursor } = event as IterationCancelledEvent;
      return `[Iteration] ${job}: job cancelled at cursor=${JSON.stringify(cursor)}`;
    }
    default:
      return undefined;
  }
}

/** Writes a log line for every iteration event on the bus that job-iteration would log; returns the unsubscribe. */
export function logIterationEvents(bus: LifecycleBus, write: (line: string, jobId: string) => void): () => void {
  return bus.onAny((event) => {
    if (!event.name.startsWith('iteration.')) return;
    const line = iterationLogLine(event.name as IterationEventName, event.payload);
    if (line) write(line, (event.payload as { jobId: string }).jobId);
  }, { except: iterationPerItemEvents });
}
