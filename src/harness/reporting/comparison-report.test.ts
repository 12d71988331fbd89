import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordRun } from './run-store.js';
import type { ComparisonRun } from './types.js';
import ComparisonReporter from './vitest-comparison-reporter.js';

function row(overrides: Partial<ComparisonRun>): ComparisonRun {
  return {
    job: 'orders', variant: 'flag', engine: 'iteration', items: 10, processed: 10, duplicateEffects: 0, replays: 0, missed: 0,
    interruptions: 1, resumedAt: [5], resumedAfterItem: [5], checkpointWrites: 1, lostWork: 0, wallMs: 100, passed: true,
    failedChecks: [], failedItems: 0, executions: 2, timeline: [{ ms: 0, done: 0 }], executionSpans: [], interruptionMarks: [],
    settings: { durable: '200 ms', idempotencyKeys: false },
    ...overrides,
  };
}

describe('The comparison reporter', () => {
  let dir: string;
  const previous = process.env.REPORTS_DIR;
  const reporter = () => new ComparisonReporter();
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  /** One test run as vitest drives the reporter: start, the scenarios record rows, end. */
  async function testRun(rows: ComparisonRun[]): Promise<void> {
    const instance = reporter();
    await instance.onTestRunStart();
    for (const recorded of rows) await recordRun(recorded);
    await instance.onTestRunEnd();
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'comparison-report-'));
    process.env.REPORTS_DIR = dir;
  });
  afterEach(async () => {
    if (previous === undefined) delete process.env.REPORTS_DIR;
    else process.env.REPORTS_DIR = previous;
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a failing run as a ❌ row that names the failed check, with its detail listed', async () => {
    const detail = 'execution 2 started at item 7, expected 6 (right after 5)';
    await testRun([row({ engine: 'continuable' }), row({ passed: false, failedChecks: [{ check: 'resumed right after the stored cursor', detail }] })]);

    const markdown = await read('comparison.md');
    const flagRow = markdown.split('\n').find((line) => line.startsWith('| flag |'))!;
    expect(flagRow).toContain('✅');
    expect(flagRow).toContain('❌ resumed right after the stored cursor');
    expect(markdown).toContain(`| orders | flag | iteration | resumed right after the stored cursor | ${detail} |`);
    const json = JSON.parse(await read('comparison.json')) as { runs: ComparisonRun[] };
    expect(json.runs.map((run) => [run.engine, run.passed])).toEqual([['continuable', true], ['iteration', false]]);
  });

  it('shows on each row the settings it ran with, the Rails-exact crash beside the default', async () => {
    await testRun([
      row({ variant: 'crash-raw', engine: 'continuable', settings: { durable: '1,000 ms', idempotencyKeys: false } }),
      row({ variant: 'crash', engine: 'continuable', settings: { durable: '1,000 ms', idempotencyKeys: true } }),
      row({ variant: 'crash-raw-rails-exact', engine: 'continuable', settings: { durable: 'Rails-exact', idempotencyKeys: false } }),
    ]);

    const lines = (await read('comparison.md')).split('\n');
    const cells = (variant: string) => lines.find((line) => line.startsWith(`| ${variant} |`))!.split(' | ');
    expect(cells('crash-raw')).toContain('1,000 ms');
    expect(cells('crash')).toContain('1,000 ms, keys');
    expect(cells('crash-raw-rails-exact')).toContain('Rails-exact');
  });

  it('writes a report saying no row was recorded when a run records none, replacing the last one', async () => {
    await testRun([row({})]);
    expect(await read('comparison.md')).toContain('| flag |');

    await testRun([]);

    const markdown = await read('comparison.md');
    expect(markdown).toContain('No demo scenario recorded a row in this run');
    expect(markdown).not.toContain('| flag |');
    expect((JSON.parse(await read('comparison.json')) as { runs: unknown[] }).runs).toEqual([]);
  });

  it('keeps no row from an earlier run', async () => {
    await recordRun(row({ variant: 'crash' }));
    await writeFile(path.join(dir, 'comparison.md'), 'an old all-green report');

    await testRun([row({ variant: 'none' })]);

    const json = JSON.parse(await read('comparison.json')) as { runs: ComparisonRun[] };
    expect(json.runs.map((run) => run.variant)).toEqual(['none']);
    expect(await read('comparison.md')).not.toContain('an old all-green report');
  });
});
