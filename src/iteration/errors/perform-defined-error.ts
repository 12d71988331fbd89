import { UnrecoverableError } from 'bullmq';

/** An iteration job defined perform(): the engine owns the loop, so that body would never run as meant. */
export class PerformDefinedError extends UnrecoverableError {
  override readonly name = 'PerformDefinedError';
  constructor(jobName: string, method: 'perform' | 'execute') {
    super(
      `${jobName} is an iteration job and must not define ${method}(): the engine runs the loop. ` +
        'Return an enumerator from buildEnumerator(args, { cursor }) (e.g. this.enumerate.records(...)) ' +
        `and move the per-item work into eachIteration(item, args); remove ${method}().`,
    );
  }
}
