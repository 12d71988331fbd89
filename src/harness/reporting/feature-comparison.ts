/** The two patterns compared feature by feature, as this project implements them. */
export const featureComparison: { feature: string; continuable: string; iteration: string }[] = [
  {
    feature: 'Setup',
    continuable: 'Extend `ContinuableJob`, write `perform` as named steps (Rails 8.1 built-in)',
    iteration: 'Extend `IterationJob`, write `buildEnumerator` + `eachIteration` (job-iteration gem)',
  },
  {
    feature: 'Checkpoint storage',
    continuable: "The job's own data in Redis (`continuation`, `resumptions`), written on interrupt and error-resume; opt-in periodic write",
    iteration: 'A Redis hash per job (`cursor`, `executions`, `interruptions`, `runtimeMs`), flushed on interrupt, on error and every flush interval',
  },
  {
    feature: 'API style',
    continuable: 'Imperative: steps with a cursor; you call `set`/`advance`/`checkpoint`',
    iteration: 'Declarative: an enumerator yields `[item, cursor]`; the engine checkpoints',
  },
  {
    feature: 'Progress tracking',
    continuable: 'Manual: the cursor moves only when the step says so',
    iteration: 'Automatic: the cursor of every completed item',
  },
  {
    feature: 'Nested iteration',
    continuable: 'An array cursor `[outer, inner]` managed by hand in one step',
    iteration: '`nested()` enumerator: re-enters the current outer item on resume',
  },
  {
    feature: 'Crash (SIGKILL) behaviour',
    continuable: 'Resumes from the last written continuation: the whole execution is redone unless `checkpointEveryMs` is set',
    iteration: 'Resumes from the last flush: at most one flush interval of work is redone',
  },
  {
    feature: 'Errors',
    continuable: 'Resumes after an error if the execution advanced (capped by `maxResumptions`); otherwise BullMQ attempts',
    iteration: "Flushes the cursor and lets BullMQ's attempts/backoff retry at the failing item",
  },
  {
    feature: 'Best for',
    continuable: 'Multi-phase jobs (load, process, finalize) where phases must not repeat',
    iteration: 'One long pass over records, batches, files or nested collections',
  },
];
