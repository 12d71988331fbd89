/** The worker lost this job's lock; only BullMQ's stalled check may move it now. */
export class LockLostError extends Error {
  override readonly name = 'LockLostError';
  constructor(jobId: string) {
    super(
      `Job ${jobId} lost its lock before it could be re-enqueued; its last durable checkpoint stands and ` +
        "BullMQ's stalled-job check will hand it to a live worker",
    );
  }
}
