import { readFileSync } from 'node:fs';
import { scanTargets, type RedisConnection } from 'resumable-jobs/runtime';

/** Linux counts a process's CPU time in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

/**
 * CPU time spent by the bench's worker processes and by Redis over one measurement: where a batch's
 * time went, so a ratio of batch times can be read against a ratio of work. Worker processes are read
 * from `/proc/<pid>/stat` (user + system, 10 ms resolution; absent off Linux), Redis from
 * `INFO cpu` (used_cpu_user + used_cpu_sys of every master).
 */
export class CpuMeter {
  constructor(
    private readonly pids: readonly number[],
    private readonly redis: RedisConnection,
  ) {}

  /** CPU ms so far: the worker processes' together (undefined off Linux) and Redis'. */
  async read(): Promise<{ workersMs: number | undefined; redisMs: number }> {
    return { workersMs: this.workersMs(), redisMs: await redisCpuMs(this.redis) };
  }

  private workersMs(): number | undefined {
    let ticks = 0;
    for (const pid of this.pids) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        return undefined;
      }
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks * MS_PER_TICK;
  }
}

async function redisCpuMs(redis: RedisConnection): Promise<number> {
  const infos = await Promise.all(scanTargets(redis).map((node) => node.info('cpu')));
  return infos.reduce((sum, info) => sum + (field(info, 'used_cpu_user') + field(info, 'used_cpu_sys')) * 1000, 0);
}

function field(info: string, name: string): number {
  const match = new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info);
  if (!match) throw new Error(`INFO cpu has no ${name}`);
  return Number(match[1]);
}
