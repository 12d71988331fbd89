import type { IterationEventName } from './events.js';

/**
 * The iteration events emitted once per item or per page query: a listener that only wants the
 * lifecycle (logs, forwarding to another process) passes these as `onAny(listener, { except })`, so
 * the item loop does not build them for it.
 */
export const iterationPerItemEvents: readonly IterationEventName[] = Object.freeze(['iteration.iteration', 'iteration.page-query']);
