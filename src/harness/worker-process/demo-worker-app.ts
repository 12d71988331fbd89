import { createOrm } from '../../domain/orm.js';
import type { ProcessingSettings } from '../../domain/types.js';
import { allDemoJobClasses, applyDemoJobTiming, productionTiming, type DemoJobTiming } from '../../jobs/catalog.js';
import type { DemoServices } from '../../jobs/shared/demo-services.js';
import { Runtime } from 'resumable-jobs/runtime';
import type { WorkerAppFactory } from './types.js';

/**
 * The demo's worker: all six demo jobs on one runtime. Run as a real process by the SIGTERM and
 * crash scenarios (settings: `{ processing, timing }`).
 */
const createDemoWorker: WorkerAppFactory = async (config) => {
  const settings = (config.settings ?? {}) as { processing?: Partial<ProcessingSettings>; timing?: DemoJobTiming };
  applyDemoJobTiming(settings.timing ?? productionTiming);
  const orm = await createOrm(config.databaseUrl);
  const runtime = new Runtime<DemoServices>({
    redisUrl: config.redisUrl,
    prefix: config.prefix,
    queueName: config.queueName,
    services: { orm, processing: settings.processing ?? {} },
  });
  runtime.register(...allDemoJobClasses);
  return {
    runtime: runtime as Runtime<unknown>,
    async close(force) {
      const report = await runtime.close(force);
      await orm.close(true);
      return report;
    },
  };
};

export default createDemoWorker;
