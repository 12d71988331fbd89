/** How big each section's work is: the full run, and a smoke run that only proves every section still works. */
export interface BenchSizes {
  name: 'full' | 'smoke';
  /** Section 1: orders, page size, rounds. */
  orders: number;
  page: number;
  rounds: number;
  /** Section 2: no-op items per job; `job.updateData` per item is slow, so its job is shorter. */
  noopItems: number;
  updateDataItems: number;
  noopRounds: number;
  /** Section 3: per-item work (ms) and SIGTERM rounds per engine and work size. */
  interruptWorkMs: number[];
  interruptRounds: number;
  /** Section 4: orders and the depths resumed at. */
  depthOrders: number;
  depths: number[];
  depthRounds: number;
  /** Section 5: flush intervals and crash runs per interval and engine. */
  crashIntervalsMs: number[];
  crashRuns: number;
  /** Section 6: the seed profile timed, and how often. */
  seedProfile: 'full' | 'quick';
  seedRounds: number;
  /** Section 7: the demo jobs' sizes (the demo scenarios' plan) and rounds. */
  demo: { orders: number; customers: number; ordersPerCustomer: number; recipients: number; emailBatch: number };
  demoRounds: number;
  /** Section 8: tinybench time per task and round, in ms. */
  pageFetchTimeMs: number;
  /** …and at least this many samples per task and round (tinybench's default: 64). */
  pageFetchIterations: number;
  /** Section 9: worker processes × active jobs each, and each job's paced items. */
  deploy: { processes: number; jobsPerProcess: number; items: number; workMs: number };
  /** Section 10: jobs of no-op items on worker processes of a concurrency, and whether the cluster is measured too. */
  manyJobs: { jobs: number; items: number; processes: number; concurrency: number; rounds: number; cluster: boolean };
  /** Section 11: interrupted jobs held in Redis at once, and the interruptions one job goes through. */
  redisPerJob: { jobs: number; interruptions: number[] };
  /** Section 12: SIGKILLs per engine and settings, the window Redis calls are counted over, and whether the defaults are timed. */
  crashRecovery: { runs: number; windowMs: number; withDefaults: boolean };
}

export const fullSizes: BenchSizes = {
  name: 'full',
  orders: 10_000,
  page: 100,
  rounds: 3,
  noopItems: 100_000,
  updateDataItems: 5_000,
  noopRounds: 5,
  interruptWorkMs: [1, 100],
  interruptRounds: 3,
  depthOrders: 10_000,
  depths: [0, 5_000, 9_900],
  depthRounds: 3,
  crashIntervalsMs: [100, 1_000, 5_000],
  crashRuns: 5,
  seedProfile: 'full',
  seedRounds: 3,
  demo: { orders: 1_000, customers: 100, ordersPerCustomer: 50, recipients: 5_000, emailBatch: 50 },
  demoRounds: 3,
  pageFetchTimeMs: 400,
  pageFetchIterations: 64,
  deploy: { processes: 4, jobsPerProcess: 25, items: 200, workMs: 20 },
  manyJobs: { jobs: 200, items: 1_000, processes: 3, concurrency: 8, rounds: 12, cluster: true },
  redisPerJob: { jobs: 10_000, interruptions: [1, 10, 100] },
  crashRecovery: { runs: 2, windowMs: 10_000, withDefaults: true },
};

export const smokeSizes: BenchSizes = {
  name: 'smoke',
  orders: 60,
  page: 20,
  rounds: 1,
  noopItems: 200,
  updateDataItems: 50,
  noopRounds: 1,
  interruptWorkMs: [1],
  interruptRounds: 1,
  depthOrders: 100,
  depths: [0, 90],
  depthRounds: 1,
  crashIntervalsMs: [100],
  crashRuns: 1,
  seedProfile: 'quick',
  seedRounds: 1,
  demo: { orders: 20, customers: 4, ordersPerCustomer: 3, recipients: 40, emailBatch: 10 },
  demoRounds: 1,
  pageFetchTimeMs: 20,
  pageFetchIterations: 4,
  deploy: { processes: 1, jobsPerProcess: 3, items: 60, workMs: 10 },
  manyJobs: { jobs: 12, items: 100, processes: 1, concurrency: 4, rounds: 1, cluster: false },
  redisPerJob: { jobs: 50, interruptions: [1, 5] },
  // The defaults take seconds per crash: the smoke proves the section with the short settings only.
  crashRecovery: { runs: 1, windowMs: 1_000, withDefaults: false },
};
