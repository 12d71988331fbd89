/** `args`, `job` or `step()` was used outside `perform()`: they exist only while the job runs. */
export class ContinuableJobNotRunningError extends Error {
  override readonly name = 'ContinuableJobNotRunningError';
  constructor(jobName: string, what: string) {
    super(
      `${jobName} is not running, so it has no ${what}: use args, job, resumptions and step() only inside ` +
        'perform() (the runtime constructs the job and calls execute())',
    );
  }
}
