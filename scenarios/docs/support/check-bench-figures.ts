import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatNumber } from '../../benchmarks/format-number.js';
import type { BenchRunReport, Spread } from '../../benchmarks/types.js';
import { ROOT, type Document, type Problem } from './documents.js';

/** The committed reference run of `npm run bench`: the only source the documents may quote figures from. */
export const REFERENCE_RUN = 'reports/bench-reference.json';

export async function readReferenceRun(): Promise<BenchRunReport> {
  return JSON.parse(await readFile(join(ROOT, REFERENCE_RUN), 'utf8')) as BenchRunReport;
}

/** One figure of the reference run, as a document writes it. */
interface QuotedValue {
  section: number;
  label: string;
  /** The figure's median as written: `0.39 µs`, `1.01x`. */
  render: (value: Spread, ratio: Spread | undefined) => string;
}

/** A line of a document (found by the words it starts with) and the figures it must show. */
interface QuotedLine {
  document: string;
  /** Words that find the line: a table row's first cell, a sentence's start. */
  line: string;
  values: QuotedValue[];
}

const us = (value: Spread) => `${formatNumber(value.median)} µs`;
const times = (_: Spread, ratio: Spread | undefined) => `${formatNumber(ratio?.median ?? NaN)}x`;
const worstMs = (value: Spread) => `${formatNumber(value.max)} ms`;
const bytes = (value: Spread) => `${formatNumber(value.median)} bytes`;

/** Every figure the documents quote from the reference run, where. */
export const QUOTED_FIGURES: QuotedLine[] = [
  {
    document: 'agents.md',
    line: '| engine cost per no-op item over the floor (section 2)',
    values: [
      { section: 2, label: 'continuable, default: over the floor', render: us },
      { section: 2, label: 'iteration, default (5 s flush): over the floor', render: us },
    ],
  },
  {
    document: 'agents.md',
    line: '| a deploy: SIGTERM to every process exited, worst (section 9)',
    values: [
      { section: 9, label: 'continuable: SIGTERM → process exited', render: worstMs },
      { section: 9, label: 'iteration: SIGTERM → process exited', render: worstMs },
    ],
  },
  {
    document: 'agents.md',
    line: '| the same, against a `job.updateData({ cursor })` per item',
    values: [
      { section: 2, label: "updateData's cost over the floor / continuable, default's", render: (value) => `${formatNumber(value.median)}x cheaper` },
      { section: 2, label: "updateData's cost over the floor / iteration, default (5 s flush)'s", render: (value) => `${formatNumber(value.median)}x cheaper` },
    ],
  },
  {
    document: 'agents.md',
    line: '| a deploy: items redone (section 9)',
    values: [
      { section: 9, label: 'continuable: items redone', render: (value) => `| ${formatNumber(value.median)} |` },
      { section: 9, label: 'iteration: items redone', render: (value) => ` ${formatNumber(value.median)} |` },
    ],
  },
  {
    document: 'agents.md',
    line: '| a deploy: new workers ready to every job running again, worst (section 9)',
    values: [
      { section: 9, label: 'continuable: new workers ready → job running again', render: worstMs },
      { section: 9, label: 'iteration: new workers ready → job running again', render: worstMs },
    ],
  },
  {
    document: 'agents.md',
    line: '| many jobs at once, items of one Redis write: time to the plain BullMQ processor\'s, one Redis (section 10)',
    values: [
      { section: 10, label: 'one Redis, items of one Redis write: continuable, default (5 s checkpoint)', render: times },
      { section: 10, label: 'one Redis, items of one Redis write: iteration, default (5 s flush)', render: times },
    ],
  },
  {
    document: 'agents.md',
    line: '| the same on a 3-master Redis Cluster (section 10)',
    values: [
      { section: 10, label: 'Redis Cluster (3 masters), items of one Redis write: continuable, default (5 s checkpoint)', render: times },
      { section: 10, label: 'Redis Cluster (3 masters), items of one Redis write: iteration, default (5 s flush)', render: times },
    ],
  },
  {
    document: 'agents.md',
    line: '| many jobs at once, no-op items: time per job over plain BullMQ\'s, one Redis (section 10)',
    values: [
      { section: 10, label: "one Redis, no-op items: continuable, default (5 s checkpoint): time per job over plain BullMQ's", render: (value) => `${formatNumber(value.median)} ms` },
      { section: 10, label: "one Redis, no-op items: iteration, default (5 s flush): time per job over plain BullMQ's", render: (value) => `${formatNumber(value.median)} ms` },
    ],
  },
  {
    document: 'agents.md',
    line: '| Redis per interrupted job over BullMQ\'s own, 10,000 jobs (section 11)',
    values: [
      { section: 11, label: 'continuable: interrupted job, over BullMQ\'s own', render: bytes },
      { section: 11, label: 'iteration: interrupted job, over BullMQ\'s own', render: bytes },
    ],
  },
  {
    document: 'agents.md',
    line: '| SIGKILL to running on another worker, default crash settings (section 12)',
    values: [
      { section: 12, label: 'continuable, defaults (lock 5 s, stalled check every 3 s): SIGKILL → running on another worker', render: worstMs },
      { section: 12, label: 'iteration, defaults (lock 5 s, stalled check every 3 s): SIGKILL → running on another worker', render: worstMs },
    ],
  },
  {
    document: 'plan.md',
    line: '- **The engines\' per-item path**',
    values: [
      { section: 2, label: 'continuable, default: over the floor', render: us },
      { section: 2, label: 'iteration, default (5 s flush): over the floor', render: us },
    ],
  },
];

/** `2026-12-04 05:10 UTC`: how the documents date the reference run. */
export function referenceDate(run: BenchRunReport): string {
  return `${run.generatedAt.slice(0, 10)} ${run.generatedAt.slice(11, 16)} UTC`;
}

/**
 * Every quoted line must show the reference run's figures as `QUOTED_FIGURES` renders them, and every
 * document that quotes one must name the run's date: a new reference run turns the old quotes red.
 */
export function checkQuotedFigures(documents: Document[], run: BenchRunReport, quoted: QuotedLine[] = QUOTED_FIGURES): Problem[] {
  const problems: Problem[] = [];
  for (const entry of quoted) {
    const document = documents.find((d) => d.name === entry.document);
    if (!document) continue;
    const prose = document.prose.find((p) => p.text.startsWith(entry.line));
    if (!prose) {
      problems.push({ document: entry.document, line: 1, message: `no line starts with "${entry.line}" (a figure of ${REFERENCE_RUN} is quoted there)` });
      continue;
    }
    for (const value of entry.values) {
      const figure = run.sections.find((s) => s.number === value.section)?.figures.find((f) => f.label === value.label);
      if (!figure) {
        problems.push({ document: entry.document, line: prose.line, message: `${REFERENCE_RUN} has no figure "${value.label}" in section ${value.section}` });
        continue;
      }
      const expected = value.render(figure.value, figure.ratio);
      if (!prose.text.includes(expected)) {
        problems.push({ document: entry.document, line: prose.line, message: `quotes "${value.label}" (section ${value.section}) but the reference run says ${expected}` });
      }
    }
  }
  const date = referenceDate(run);
  for (const name of new Set(quoted.map((entry) => entry.document))) {
    const document = documents.find((d) => d.name === name);
    if (document && !document.prose.some((p) => p.text.includes(date))) {
      problems.push({ document: name, line: 1, message: `quotes the reference run but does not name its date (${date})` });
    }
  }
  return problems;
}
