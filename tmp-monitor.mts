import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { Runtime, connectRedis } from 'resumable-jobs/runtime';
import { PacedContinuable, PacedIteration, PacedPlain } from './scenarios/benchmarks/paced-jobs.ts';

const port = 46379;
const server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 300));
const url = `redis://127.0.0.1:${port}`;
const redis = connectRedis(url, { maxRetriesPerRequest: null });
const runtime = new Runtime<any>({ redisUrl: url, prefix: 'mon', services: { redis } });
runtime.register(PacedContinuable, PacedIteration, PacedPlain);
const worker = runtime.startWorker({ concurrency: 1 });
await worker.waitUntilReady();
await new Promise((r) => setTimeout(r, 500));
for (const cls of [PacedPlain, PacedContinuable, PacedIteration, PacedPlain, PacedContinuable, PacedIteration]) {
  const mon = new Redis(url);
  const lines: string[] = [];
  const m = await mon.monitor();
  m.on('monitor', (_t, args) => lines.push(args.join(' ').slice(0, 120)));
  await new Promise((r) => setTimeout(r, 100));
  const job = await runtime.queue().add((cls as any).jobName, (cls as any).jobData({ items: 50, workMs: 0 }));
  while ((await job.getState()) !== 'completed') await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 1200));
  m.disconnect();
  const filtered = lines.filter((l) => !/^(get|hget|hgetall|exists|type) .*(completed|getState)/i.test(l));
  console.log(`== ${(cls as any).jobName}: ${lines.length} commands`);
  for (const l of lines) console.log('   ', l);
}
await runtime.close(); redis.disconnect(); server.kill();
