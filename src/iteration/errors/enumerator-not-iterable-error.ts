import { UnrecoverableError } from 'bullmq';

/** buildEnumerator returned something the engine cannot iterate as [item, cursor] pairs. */
export class EnumeratorNotIterableError extends UnrecoverableError {
  override readonly name = 'EnumeratorNotIterableError';
  constructor(jobName: string, returned: string, hint: string) {
    super(
      `${jobName}.buildEnumerator must return an enumerator of [item, cursor] pairs (or null to skip the job), ` +
        `but returned ${returned}. ${hint} For example: ` +
        'buildEnumerator(args, { cursor }) { return this.enumerate.array(args.items, { cursor }); }',
    );
  }
}
