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
};
