import { iterationPerItemEvents } from 'resumable-jobs/iteration';
/** Per-item and per-page events: one per order (or page) would drown the log; the ledger and the monitor show progress. */
const PER_ITEM: ReadonlySet<string> = new Set(iterationPerItemEvents);

const BASE_FIELDS = new Set(['engine', 'jobId', 'jobName', 'at']);

/**
 * One log line for one lifecycle event: a short sentence, and the payload's own fields (minus those
 * every event carries) for JSON readers. Undefined for per-item events.
 */
export function lifecycleLogLine(name: string, payload: Record<string, unknown>): { msg: string; fields: Record<string, unknown> } | undefined {
  if (PER_ITEM.has(name)) return undefined;
  const fields: Record<string, unknown> = { event: name, jobId: payload.jobId };
  for (const [key, value] of Object.entries(payload)) {
    if (!BASE_FIELDS.has(key) && key !== 'continuation') fields[key] = value;
  }
  const job = String(payload.jobId);
  const cursor = (value: unknown) => (value === null || value === undefined ? 'the start' : `cursor ${JSON.stringify(value)}`);
  const sentences: Record<string, () => string> = {
    'continuable.step-started': () => `step ${payload.step} started${payload.resumed ? ` (resumed at ${cursor(payload.cursor)})` : ''}`,
    'continuable.step-skipped': () => `step ${payload.step} skipped (completed in an earlier execution)`,
    'continuable.step-completed': () => `step ${payload.step} ${payload.interrupted ? 'interrupted' : payload.error ? 'failed' : 'completed'}`,
    'continuable.interrupt': () => `interrupted (${payload.reason}) ${payload.description}`,
    'continuable.resume': () => `resumed ${payload.description}`,
    'continuable.resume-scheduled': () => `checkpoint saved in the job's data; resumes in ${Number(payload.delayMs) / 1000} s (npm run jobs -- resume ${job} runs it now)`,
    'continuable.checkpoint-written': () => 'periodic checkpoint written into the job data',
    'continuable.checkpoint-refused': () => refusedSentence(payload),
    'continuable.completed': () => `completed (${payload.resumptions} resumptions)`,
    'iteration.build-enumerator': () => `building the enumerator from ${cursor(payload.cursor)}`,
    'iteration.resumed': () => `resumed after ${cursor(payload.cursor)}`,
    'iteration.flushed': () => `checkpoint hash flushed (${payload.trigger}) at ${cursor(payload.cursor)}`,
    'iteration.interrupted': () => `interrupted (${payload.reason}) after ${payload.items} items at ${cursor(payload.cursor)}`,
    'iteration.completed': () => `completed (${payload.interruptions} interruptions)`,
    'iteration.failed': () => `failed at ${cursor(payload.cursor)}: ${payload.error}`,
    'iteration.checkpoint-refused': () => refusedSentence(payload),
    'iteration.throttled': () => `throttled; back in ${payload.backoffMs} ms`,
  };
  const sentence = sentences[name]?.() ?? name.split('.')[1]!;
  return { msg: `${job}: ${sentence}`, fields };
}

/** One line for a refused checkpoint: what Redis said, what is lost, where the job resumes; never "saved". */
function refusedSentence(payload: Record<string, unknown>): string {
  return (
    `Redis refused the checkpoint write (${payload.error}); ${payload.lost}; it resumes from ${payload.resumesFrom} ` +
    "once its lock expires (BullMQ's stalled check), without using an attempt"
  );
}
