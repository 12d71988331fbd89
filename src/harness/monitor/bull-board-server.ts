import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express from 'express';
import type { RedisConnection } from 'resumable-jobs/runtime';
import { boardGuard, boardHosts, type BoardCredentials } from './board-guard.js';
import { MonitorError } from './errors.js';

export interface BullBoardServerOptions {
  redis: RedisConnection;
  prefix: string;
  queues: string[];
  port: number;
  /** Loopback by default: the board is for the person at this machine, not for the network. */
  host?: string;
  /** Retry, clean, remove, add, pause…: refused unless true (read-only in the page and on the server). */
  allowWrites?: boolean;
  /** Basic auth on every request, when given. */
  credentials?: BoardCredentials;
}

export interface BullBoardServer {
  url: string;
  close(): Promise<void>;
}

/**
 * bull-board over the demo queues: the browser view of the same progress the monitor shows
 * (each job's `progress` is what the engines publish with job.updateProgress). Read-only unless
 * `allowWrites`, and only for pages of its own (see board-guard.ts).
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
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: !options.allowWrites })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Resumable jobs' } },
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(boardGuard({ allowedHosts: boardHosts(host, options.port), allowWrites: options.allowWrites ?? false, basicAuth: options.credentials }));
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
