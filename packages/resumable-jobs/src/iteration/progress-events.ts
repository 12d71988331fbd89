import type { ProgressVocabulary } from '../runtime/published-progress.js';

/**
 * How iteration events become published progress: the interruption count the checkpoint hash
 * keeps (throttles are counted apart there, and are not shown), the time of the last flush
 * and, when the enumerator knows it, its size (the published percentage's total).
 * No per-item event: items and cursor come from the runtime's interruption check.
 */
export const iterationProgressEvents: ProgressVocabulary = {
  engine: 'iteration',
  events: {
    'iteration.resumed': ({ interruptions }) => ({ interruptions }),
    'iteration.interrupted': ({ interruptions }) => ({ interruptions }),
    'iteration.flushed': ({ at }) => ({ checkpointAt: at }),
    'iteration.size': ({ size }) => ({ total: size }),
  },
};
