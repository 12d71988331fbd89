import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express from 'express';
import type { RedisConnection } from 'resumable-jobs/runtime';
import { MonitorError } from './errors.js';

export interface BullBoardServerOptions {
  redis: RedisConnection;
  prefix: string;
  queues: string[];
  port: number;
  /** Loopback by default: the board can retry and remove jobs, so it is not for the network. */
  host?: string;
}

export interface BullBoardServer {
  url: string;
  close(): Promise<void>;
}

/**
 * bull-board over the demo queues: the browser view of the same progress the monitor shows
 * (each job's `progress` is what the engines publish with job.updateProgress).
 */
export async function startBullBoard(options: BullBoardServerOptions): Promise<BullBoardServer> {
  const host = options.host ?? '127.0.0.1';
  const queues = options.queues.map((name) => {
    const queue = new Queue(name, { connection: options.redis, prefix: options.prefix });
    queue.on('error', () => undefined); // the board shows a lost connection itself
    return queue;
  });
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/');
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Resumable jobs' } },
  });
  const app = express();
  app.use('/', serverAdapter.getRouter());
  const server = await listen(app, options.port, host).catch(async (error: unknown) => {
    await Promise.all(queues.map((queue) => queue.close()));
    throw error;
  });
  return {
    url: `http://${host}:${options.port}/`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new MonitorError(`port ${port} on ${host} is taken; choose another with --port N`)
          : new MonitorError(`cannot listen on ${host}:${port} (${error.message})`),
      );
    });
  });
}
