import type { ProgressVocabulary } from '../runtime/published-progress.js';

/**
 * How iteration events become published progress: the interruption count the checkpoint hash
 * keeps (throttles are counted apart there, and are not shown) and the time of the last flush.
 */
export const iterationProgressEvents: ProgressVocabulary = {
  engine: 'iteration',
  fieldsFrom(event) {
    switch (event.name) {
      case 'iteration.resumed':
      case 'iteration.interrupted':
        return { interruptions: event.payload.interruptions };
      case 'iteration.flushed':
        return { checkpointAt: event.payload.at };
      default:
        return undefined;
    }
  },
};
