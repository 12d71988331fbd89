import type { LifecycleBus } from '../runtime/lifecycle-events.js';
import type { ContinuableEventMap, ContinuableEventName } from './events.js';
import type { Cursor } from '../runtime/cursor.js';

/** The level of a Rails-style log line: `info` for progress, `error` for a failure. */
export type LogLevel = 'info' | 'error';

/** How a cursor reads in a log line: strings as they are, anything else (no cursor: null) as JSON. */
function shown(cursor: Cursor | undefined): string {
  return typeof cursor === 'string' ? cursor : JSON.stringify(cursor ?? null);
}

/**
 * The log line Rails' Active Job log subscriber writes for a continuation event, in its wording
 * (`Interrupted X (Job ID: …) at 'step', cursor '433' (stopping)`), or undefined for events Rails
 * does not log (resume scheduling, periodic writes, completion).
 */
export function continuableLogLine<K extends ContinuableEventName>(name: K, event: ContinuableEventMap[K]): { level: LogLevel; line: string } | undefined {
  const job = `${event.jobName} (Job ID: ${event.jobId})`;
  switch (name) {
    case 'continuable.interrupt': {
      const { description, reason } = event as ContinuableEventMap['continuable.interrupt'];
      return { level: 'info', line: `Interrupted ${job} ${description} (${reason})` };
    }
    case 'continuable.resume':
      return { level: 'info', line: `Resuming ${job} ${(event as ContinuableEventMap['continuable.resume']).description}` };
    case 'continuable.step-skipped':
      return { level: 'info', line: `Step '${(event as ContinuableEventMap['continuable.step-skipped']).step}' skipped ${event.jobName}` };
    case 'continuable.step-started': {
      const { step, cursor, resumed } = event as ContinuableEventMap['continuable.step-started'];
      return { level: 'info', line: resumed ? `Step '${step}' resumed from cursor '${shown(cursor)}' for ${job}` : `Step '${step}' started for ${job}` };
    }
    case 'continuable.step-completed': {
      const { step, cursor, interrupted, error, durationMs } = event as ContinuableEventMap['continuable.step-completed'];
      const took = `in ${Math.round(durationMs)}ms`;
      if (interrupted) return { level: 'info', line: `Step '${step}' interrupted at cursor '${shown(cursor)}' for ${job} ${took}` };
      if (error) return { level: 'error', line: `Error during step '${step}' at cursor '${shown(cursor)}' for ${job} ${took}: ${error.name} (${error.message})` };
      return { level: 'info', line: `Step '${step}' completed for ${job} ${took}` };
    }
    default:
      return undefined;
  }
}

/** Writes a log line for every continuable event on the bus that Rails would log; returns the unsubscribe. */
export function logContinuableEvents(bus: LifecycleBus, write: (line: string, level: LogLevel, jobId: string) => void): () => void {
  return bus.onAny((event) => {
    if (!event.name.startsWith('continuable.')) return;
    const payload = event.payload as ContinuableEventMap[ContinuableEventName];
    const logged = continuableLogLine(event.name as ContinuableEventName, payload);
    if (logged) write(logged.line, logged.level, payload.jobId);
  });
}
