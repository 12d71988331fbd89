import type { ProgressVocabulary } from '../runtime/published-progress.js';

/**
 * How continuable events become published progress: the step that started, one more stop per
 * interrupt, and the time the continuation was last written into the job's data (a periodic
 * checkpoint, or the write before a resume is scheduled).
 */
export const continuableProgressEvents: ProgressVocabulary = {
  engine: 'continuable',
  events: {
    'continuable.step-started': ({ step }) => ({ step }),
    'continuable.interrupt': () => ({ interrupted: true }),
    'continuable.checkpoint-written': ({ at }) => ({ checkpointAt: at }),
    'continuable.resume-scheduled': ({ at }) => ({ checkpointAt: at }),
  },
};
