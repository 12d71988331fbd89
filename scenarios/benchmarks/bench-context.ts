import type { IsolatedStack } from '../support/isolated-stack.js';
import type { BenchSizes } from './sizes.js';
import type { SectionReport } from './types.js';

/** What every section gets: the isolated stack, the sizes of this run, and a line printer for progress. */
export interface BenchContext {
  env: IsolatedStack;
  sizes: BenchSizes;
  progress: (line: string) => void;
  /** The ids of the orders seeded for sections 1, 4 and 8, ascending. */
  orderIds: number[];
}

/** A section's report; the runner adds its number. */
export type SectionResult = Omit<SectionReport, 'number'>;

export interface Section {
  /** 1-12, the numbering. */
  number: number;
  title: string;
  measure(context: BenchContext): Promise<SectionResult>;
}
