import { connectRedis } from 'resumable-jobs/runtime';
import type { WorkerAppFactory } from '../../src/harness/worker-process/types.js';
import { Runtime } from 'resumable-jobs/runtime';
import { PacedContinuable, PacedIteration, PacedPlain, setDurableEvery, type PacedServices } from './paced-jobs.js';

/**
 * Worker module for the benchmarks' real worker processes (interrupt latency, crash loss): the paced
 * jobs of both engines and their plain BullMQ twin, with `settings.durableEveryMs` as both engines' durable interval.
 */
const createBenchWorker: WorkerAppFactory = async (config) => {
  const settings = (config.settings ?? {}) as { durableEveryMs?: number };
  setDurableEvery(settings.durableEveryMs);
  const redis = connectRedis(config.redisUrl, { maxRetriesPerRequest: null });
  const runtime = new Runtime<PacedServices>({ redisUrl: config.redisUrl, prefix: config.prefix, queueName: config.queueName, services: { redis } });
  runtime.register(PacedContinuable, PacedIteration, PacedPlain);
  return {
    runtime: runtime as Runtime<unknown>,
    async close() {
      await runtime.close();
      redis.disconnect();
    },
  };
};
export default createBenchWorker;
