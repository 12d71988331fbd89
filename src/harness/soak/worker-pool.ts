import { spawnWorkerProcess, type WorkerProcess } from '../worker-process/worker-process.js';
import { WorkerProcessError } from '../worker-process/errors.js';
import type { WorkerProcessConfig } from '../worker-process/types.js';

/**
 * A fixed number of worker processes, kept at that number as an orchestrator would: a worker that is
 * signalled leaves its slot, and a replacement starts in the background at once, so a schedule of faults
 * keeps its pace however long a Node process takes to start on a busy machine.
 */
export class WorkerPool {
  private readonly live: (WorkerProcess | undefined)[];
  private readonly starting = new Map<number, Promise<void>>();
  private readonly retired: WorkerProcess[] = [];
  private startedCount = 0;

  private constructor(
    private readonly config: WorkerProcessConfig,
    size: number,
    private readonly onStartFailure: (message: string) => void,
  ) {
    this.live = Array.from({ length: size }, () => undefined);
  }

  static async start(config: WorkerProcessConfig, size: number, onStartFailure: (message: string) => void = () => undefined): Promise<WorkerPool> {
    const pool = new WorkerPool(config, size, onStartFailure);
    for (let slot = 0; slot < size; slot++) pool.refill(slot);
    await Promise.all(pool.starting.values());
    return pool;
  }

  /** Worker processes started so far, replacements included. */
  get started(): number {
    return this.startedCount;
  }

  /**
   * Sends `signal` to the worker in `slot` (or, if that slot's replacement is still starting, to another
   * live worker; if none is live, to the first one ready) and starts its replacement. Returns its pid.
   */
  async signal(slot: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<{ slot: number; pid: number; worker: WorkerProcess }> {
    let target = this.live[slot] ? slot : this.live.findIndex((worker) => worker !== undefined);
    while (target < 0) {
      if (this.starting.size === 0) throw new WorkerProcessError('the worker pool has no live worker and none starting');
      await Promise.race(this.starting.values());
      target = this.live.findIndex((worker) => worker !== undefined);
    }
    const worker = this.live[target]!;
    this.live[target] = undefined;
    this.retired.push(worker);
    worker.kill(signal);
    this.refill(target);
    return { slot: target, pid: worker.pid, worker };
  }

  /** Stops every worker, live or retired (SIGTERM, then SIGKILL after the timeout), and waits for them. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.starting.values());
    await Promise.all([...this.live, ...this.retired].map((worker) => worker?.stop()));
  }

  /** Starts a worker for `slot`; a start that fails (a busy machine can take long) is tried again, twice. */
  private refill(slot: number): void {
    const started = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          this.live[slot] = await spawnWorkerProcess(this.config, 90_000);
          this.startedCount++;
          return;
        } catch (error) {
          this.onStartFailure(`worker ${slot + 1} did not start (attempt ${attempt} of 3): ${(error as Error).message}`);
          if (attempt >= 3) return;
        }
      }
    })();
    this.starting.set(slot, started.finally(() => this.starting.delete(slot)));
  }
}
