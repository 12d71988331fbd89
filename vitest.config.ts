import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import HeaviestFirstSequencer from './scenarios/support/heaviest-first-sequencer.js';

const packageSources = fileURLToPath(new URL('./packages/resumable-jobs/src/', import.meta.url));

// Scenario files each get their own database and BullMQ prefix, so they may run in parallel;
// two forks fit the 2-core machines this runs on.
export default defineConfig({
  // Development only: the package's entry points (resumable-jobs/runtime, /continuable, /iteration, ...)
  // resolve to its TypeScript sources, as tsconfig.json's "paths" does for tsc and tsx. What is published
  // (packages/resumable-jobs/package.json "exports") names dist/ only.
  resolve: {
    alias: [{ find: /^resumable-jobs\/([a-z-]+)$/, replacement: `${packageSources}$1/index.ts` }],
  },
  test: {
    include: ['scenarios/**/*.test.ts', 'src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    globalSetup: ['./src/harness/stack/isolation/global-setup.ts'],
    pool: 'forks',
    // The longest scenarios first, on a fresh clone too (see the sequencer).
    sequence: { sequencer: HeaviestFirstSequencer },
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    reporters: ['default', './src/harness/reporting/vitest-comparison-reporter.ts', './src/harness/reporting/vitest-reliability-reporter.ts'],
  },
});
