import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { bullmqTimingCrashRecovery, crashRecoveryWorkerOptions, defaultCrashRecovery } from 'resumable-jobs/runtime';

const port = 16000 + Math.floor(Math.random() * 1000);
const server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await delay(500);
const url = `redis://127.0.0.1:${port}`;
const admin = new Redis(url);
const WINDOW_MS = 30_000;

async function calls(): Promise<number> {
  const info = await admin.info('commandstats');
  let total = 0;
  for (const line of info.split('\n')) {
    const m = /^cmdstat_(\w+):calls=(\d+)/.exec(line);
    if (m && !['info', 'config'].includes(m[1]!)) total += Number(m[2]);
  }
  return total;
}
async function detail(): Promise<Record<string, number>> {
  const info = await admin.info('commandstats');
  const out: Record<string, number> = {};
  for (const line of info.split('\n')) {
    const m = /^cmdstat_(\w+):calls=(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

for (const [label, settings] of [['default 5 s / 3 s', defaultCrashRecovery], ['bullmq timing 30 s / 30 s', bullmqTimingCrashRecovery]] as const) {
  for (const active of [0, 1, 10]) {
    const prefix = `m${Math.random().toString(36).slice(2, 7)}`;
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const queue = new Queue('q', { connection, prefix });
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const worker = new Worker('q', async () => hold, { connection, prefix, concurrency: Math.max(1, active), ...crashRecoveryWorkerOptions(settings) });
    await worker.waitUntilReady();
    for (let i = 0; i < active; i++) await queue.add('hold', {});
    await delay(3_000);
    const before = await calls();
    const d0 = await detail();
    await delay(WINDOW_MS);
    const after = await calls();
    const d1 = await detail();
    const diff = Object.fromEntries(Object.entries(d1).map(([k, v]) => [k, v - (d0[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
    console.log(`${label}, ${active} active: ${((after - before) / (WINDOW_MS / 1000)).toFixed(2)} commands/s`, JSON.stringify(diff));
    release();
    await worker.close();
    await queue.close();
    await connection.quit();
  }
}
await admin.quit();
server.kill();
