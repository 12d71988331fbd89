import { createSeededFaker } from '../seeding/seeded-faker.js';

/** The faults a soak injects: the two ways a worker process dies, and the two ways its connections do. */
export const FAULT_KINDS = ['sigterm', 'sigkill', 'redis-client-kill', 'postgres-backend-kill'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface PlannedFault {
  /** When, counted from the start of the chaos window. */
  atMs: number;
  kind: FaultKind;
  /** Which worker process a signal goes to (an index into the pool); unused by connection faults. */
  worker: number;
}

export interface ChaosPlanOptions {
  seed: number;
  /** SIGTERMs plus SIGKILLs. A third as many Redis client kills and as many Postgres backend kills join them. */
  interruptions: number;
  durationMs: number;
  workers: number;
}

/**
 * A random but replayable schedule of faults: the same seed gives the same faults at the same
 * moments against the same workers. Signals are split about evenly between SIGTERM and SIGKILL.
 * No two faults share a moment: each is at least `durationMs / (2 × count)` from the previous one, so a
 * restarted worker has time to pick work up before the next blow.
 */
export function planChaos({ seed, interruptions, durationMs, workers }: ChaosPlanOptions): PlannedFault[] {
  const faker = createSeededFaker(seed);
  const connectionFaults = Math.max(1, Math.round(interruptions / 3));
  const kinds: FaultKind[] = [
    ...Array.from({ length: interruptions }, (_, i): FaultKind => (i % 2 === 0 ? 'sigterm' : 'sigkill')),
    ...Array.from({ length: connectionFaults }, (): FaultKind => 'redis-client-kill'),
    ...Array.from({ length: connectionFaults }, (): FaultKind => 'postgres-backend-kill'),
  ];
  const shuffled = faker.helpers.shuffle(kinds);
  const slot = durationMs / shuffled.length;
  return shuffled.map((kind, i) => ({
    // One fault per slot, somewhere in its second half: spread out, never two at once.
    atMs: Math.round(slot * i + slot * faker.number.float({ min: 0.5, max: 1 })),
    kind,
    worker: faker.number.int({ min: 0, max: workers - 1 }),
  }));
}

/** How many of each kind a plan holds. */
export function countFaults(faults: readonly { kind: FaultKind }[]): Record<FaultKind, number> {
  const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  for (const fault of faults) counts[fault.kind]++;
  return counts;
}
