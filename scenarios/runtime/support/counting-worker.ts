import { Runtime } from 'resumable-jobs/runtime';
import type { WorkerAppFactory } from '../../../src/harness/worker-process/types.js';
import { CountingJob } from './counting-job.js';

/** Worker module for the runtime scenarios: a runtime with CountingJob registered. */
const createCountingWorker: WorkerAppFactory = async (config) => {
  const runtime = new Runtime({ redisUrl: config.redisUrl, prefix: config.prefix, services: undefined });
  runtime.register(CountingJob);
  return { runtime: runtime as Runtime<unknown>, close: (force) => runtime.close(force) };
};
export default createCountingWorker;
