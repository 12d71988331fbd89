import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Scenario files each get their own database and BullMQ prefix, so they may run in parallel;
// two forks fit the 2-core machines this runs on.
export default defineConfig({
  // The package's own entry points (resumable-jobs/runtime, /continuable, /iteration) resolve to the
  // TypeScript sources through the "development" export condition, whatever NODE_ENV says (Vite's
  // defaults would pick "production" under NODE_ENV=production, and dist/ may not be built).
  ssr: { resolve: { conditions: ['development', ...defaultServerConditions.filter((c) => c !== 'development|production')] } },
  test: {
    include: ['scenarios/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['./src/harness/stack/isolation/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    reporters: ['default', './src/harness/reporting/vitest-comparison-reporter.ts'],
  },
});
