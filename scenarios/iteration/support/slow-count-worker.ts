import { createOrm } from '../../../src/domain/orm.js';
import type { WorkerAppFactory } from '../../../src/harness/worker-process/types.js';
import { configureIteration } from 'resumable-jobs/iteration';
import { Runtime } from 'resumable-jobs/runtime';
import { CallbackLog } from '../../support/spec/callback-log.js';
import { SlowCount, type SlowCountSettings } from './slow-count-job.js';
import type { SpecServices } from '../../support/spec/spec-services.js';

/**
 * Worker module for the crash story, run in a real child process: SlowCount on the scenario's
 * prefix, with the flush interval and per-item delay the story chose (config.settings).
 */
const createSlowCountWorker: WorkerAppFactory = async (config) => {
  const settings = config.settings as unknown as { flushIntervalMs: number } & SlowCountSettings;
  configureIteration({ flushIntervalMs: settings.flushIntervalMs });
  const orm = await createOrm(config.databaseUrl, { poolMax: 2 });
  const services: SpecServices<SlowCountSettings> = { orm, callbacks: new CallbackLog(), itemDelayMs: settings.itemDelayMs, hangAfter: settings.hangAfter };
  const runtime = new Runtime({ redisUrl: config.redisUrl, prefix: config.prefix, services });
  runtime.register(SlowCount);
  return {
    runtime: runtime as Runtime<unknown>,
    async close() {
      await runtime.close();
      await orm.close(true);
    },
  };
};
export default createSlowCountWorker;
