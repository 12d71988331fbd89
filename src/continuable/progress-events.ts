import type { ProgressVocabulary } from '../runtime/published-progress.js';

/**
 * How continuable events become published progress: the step that started, one more stop per
 * interrupt, and the time the continuation was last written into the job's data (a periodic
 * checkpoint, or the write before a resume is scheduled).
 */
export const continuableProgressEvents: ProgressVocabulary = {
  engine: 'continuable',
  fieldsFrom(event) {
    switch (event.name) {
      case 'continuable.step-started':
        return { step: event.payload.step };
      case 'continuable.interrupt':
        return { interrupted: true };
      case 'continuable.checkpoint-written':
      case 'continuable.resume-scheduled':
        return { checkpointAt: event.payload.at };
      default:
        return undefined;
    }
  },
};
