import os from 'node:os';
import type { MikroORM } from '@mikro-orm/postgresql';
import { connectRedis } from 'resumable-jobs/runtime';
import type { MachineInfo } from './types.js';

/** The machine and servers the numbers come from: they only compare with numbers from a similar setup. */
export async function describeMachine(orm: MikroORM, redisUrl: string): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()} (${os.arch()})`,
    totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    redis: await redisVersion(redisUrl),
    postgres: await postgresVersion(orm),
  };
}

async function redisVersion(redisUrl: string): Promise<string> {
  const redis = connectRedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

async function postgresVersion(orm: MikroORM): Promise<string> {
  const [row] = await orm.em.fork().execute<{ server_version: string }[]>('show server_version');
  return row?.server_version ?? 'unknown';
}
