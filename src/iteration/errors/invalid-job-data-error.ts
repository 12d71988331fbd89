import { UnrecoverableError } from 'bullmq';

/** The job's data is not `{ args }`: it was added without the class's jobData(). */
export class InvalidJobDataError extends UnrecoverableError {
  override readonly name = 'InvalidJobDataError';
  constructor(jobName: string, data: unknown) {
    const shown = JSON.stringify(data) ?? String(data);
    super(
      `${jobName} expects job data { args }, got ${shown.length > 120 ? `${shown.slice(0, 120)}…` : shown}; ` +
        `enqueue it with runtime.enqueue(${jobName}, args) or queue.add(name, ${jobName}.jobData(args)).`,
    );
  }
}
