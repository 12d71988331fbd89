import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openScenario } from '../support/scenario-environment.js';
import { runBench, SECTIONS } from './bench-run.js';
import { writeBenchReports } from './report.js';
import { smokeSizes } from './sizes.js';
import type { BenchRunReport, Spread } from './types.js';

// Figures that may be zero or below by nature: a difference to the floor, a count of redone items.
const mayBeZeroOrBelow = (label: string, unit: string) =>
  label.includes('over the floor') || label.includes("over plain BullMQ's") || label.includes('over BullMQ\'s own') || label.includes('interruptions') || unit === 'items' || unit === 'jobs' || label.includes('→ job running again');

function expectFinite(spread: Spread, positive: boolean): void {
  for (const key of ['median', 'min', 'max', 'q1', 'q3'] as const) {
    expect(Number.isFinite(spread[key]), key).toBe(true);
    if (positive) expect(spread[key], key).toBeGreaterThan(0);
  }
  expect(spread.min).toBeLessThanOrEqual(spread.median);
  expect(spread.median).toBeLessThanOrEqual(spread.max);
  expect(spread.samples).toBeGreaterThan(0);
}

describe('the benchmark run, at tiny sizes (so `npm run bench` cannot rot)', () => {
  it('measures every section and writes both reports with finite numbers, ratios, targets and charts', { timeout: 480_000 }, async () => {
    const env = await openScenario(import.meta.url);
    const report: BenchRunReport = await runBench(env, { sizes: smokeSizes, log: () => undefined });

    expect(report.sections.map((section) => section.number)).toEqual(SECTIONS.map((section) => section.number).sort((a, b) => a - b));
    expect(SECTIONS.map((section) => section.number)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12]));
    expect(report.machine.redis).toMatch(/^\d+\.\d+/);
    expect(report.machine.postgres).toMatch(/^\d+/);
    expect(report.machine.cpus).toBeGreaterThan(0);
    for (const section of report.sections) {
      expect(section.figures.length, section.id).toBeGreaterThan(0);
      for (const figure of section.figures) {
        expectFinite(figure.value, !mayBeZeroOrBelow(figure.label, figure.unit));
        if (figure.ratio) {
          expectFinite(figure.ratio, !mayBeZeroOrBelow(figure.label, figure.unit));
          expect(section.figures.map((f) => f.label), `${figure.label}'s baseline`).toContain(figure.baseline);
        }
      }
      for (const target of section.targets) {
        expect(typeof target.met).toBe('boolean');
        expect(target.measured).toMatch(/\d/);
        if (!target.met) expect(target.reason, target.target).toBeTruthy();
      }
    }
    // Sections 1 and 2 compare every engine with the plain BullMQ floor of the same run.
    for (const number of [1, 2]) {
      const ratios = report.sections.find((s) => s.number === number)!.figures.filter((f) => f.baseline === 'plain BullMQ processor (floor)');
      expect(ratios.map((f) => f.label)).toEqual(expect.arrayContaining(['continuable, default', 'iteration, default (5 s flush)', 'job.updateData({ cursor }) per item']));
    }

    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-smoke-'));
    try {
      const written = await writeBenchReports(report, dir);
      expect(JSON.parse(await readFile(written.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
      const markdown = await readFile(written.markdown, 'utf8');
      for (const section of SECTIONS) expect(markdown).toContain(`## ${section.number}. ${section.title}`);
      expect(markdown).toContain('xychart-beta');
      expect(markdown).toMatch(/Redis \d/);
      expect(markdown).not.toMatch(/NaN|Infinity|undefined/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
