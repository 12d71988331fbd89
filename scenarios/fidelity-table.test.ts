import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * scenarios/FIDELITY.md maps every case of the originals' suites to our tests. This keeps the map
 * honest: every cited file exists and holds the cited test name, every row has a known status and a
 * reason where one is due, and the totals add up. A suite that states its source ("Source: <version>;
 * cases in the original: N.", counted in the original file at that version) has exactly N rows, and
 * each of its deviating rows cites the test that pins down what we do instead.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const table = readFileSync(new URL('./FIDELITY.md', import.meta.url), 'utf8');
const STATUSES = ['restated', 'n.a.', 'deviates'] as const;
type Status = (typeof STATUSES)[number];

interface Row {
  suite: string;
  original: string;
  status: string;
  cell: string;
  citations: { file: string; name: string }[];
}

function parseRows(): Row[] {
  const rows: Row[] = [];
  let suite = '';
  for (const line of table.split('\n')) {
    if (line.startsWith('## ')) suite = line.slice(3);
    if (suite === 'Totals' || !line.startsWith('| ') || line.startsWith('| Original case') || line.startsWith('|---')) continue;
    const [original, status, cell] = line.slice(2, -2).split(' | ');
    const citations = [...(cell ?? '').matchAll(/`([^`]+)` › "([^"]+)"/g)].map(([, file, name]) => ({ file: file!, name: name! }));
    rows.push({ suite, original: original!, status: status!, cell: cell ?? '', citations });
  }
  return rows;
}

const rows = parseRows();

/** Each suite's "Source:" line: the version its rows follow and how many cases the original file has. */
function parseSources(): Map<string, { version: string; cases: number }> {
  const sources = new Map<string, { version: string; cases: number }>();
  let suite = '';
  for (const line of table.split('\n')) {
    if (line.startsWith('## ')) suite = line.slice(3);
    const source = /^Source: (.+); cases in the original: (\d+)\.$/.exec(line);
    if (source) sources.set(suite, { version: source[1]!, cases: Number(source[2]) });
  }
  return sources;
}

const sources = parseSources();
const sourceOf = (file: string) => readFileSync(`${root}${file}`, 'utf8').replaceAll("\\'", "'");

describe('the fidelity table (scenarios/FIDELITY.md)', () => {
  it('lists the cases of every suite, each restated, not applicable or deviating, and nothing missing', () => {
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.filter((row) => !STATUSES.includes(row.status as Status)).map((row) => `${row.original}: ${row.status}`)).toEqual([]);
  });

  it('cites a test for every restated case, and gives a reason for every other one', () => {
    expect(rows.filter((row) => row.status === 'restated' && row.citations.length === 0).map((row) => row.original)).toEqual([]);
    const reasonless = rows.filter((row) => row.status !== 'restated' && row.cell.replace(/`[^`]+` › "[^"]+"(; )?/g, '').replace(/^ — /, '').trim().length < 10);
    expect(reasonless.map((row) => row.original)).toEqual([]);
  });

  it('cites only files that exist and test names those files contain', () => {
    const broken = rows.flatMap((row) =>
      row.citations
        .filter(({ file, name }) => !existsSync(`${root}${file}`) || !sourceOf(file).includes(name))
        .map(({ file, name }) => `${row.original} -> ${file} › "${name}"`),
    );
    expect(broken).toEqual([]);
  });

  it("states the source of every Sidekiq and Rails suite, and each suite with a source has one row per case of the original", () => {
    const suites = [...new Set(rows.map((row) => row.suite))];
    expect(suites.filter((suite) => /^(sidekiq|rails)\//.test(suite) && !sources.has(suite))).toEqual([]);
    const counted = [...sources].map(([suite, { cases }]) => ({ suite, rows: rows.filter((row) => row.suite === suite).length, cases }));
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.filter(({ rows, cases }) => rows !== cases)).toEqual([]);
  });

  it('cites, in every suite with a source, a test for each deviating case', () => {
    const untested = rows.filter((row) => sources.has(row.suite) && row.status === 'deviates' && row.citations.length === 0);
    expect(untested.map((row) => `${row.suite}: ${row.original}`)).toEqual([]);
  });

  it('states totals that match the rows', () => {
    const stated = [...table.matchAll(/^\| (\S+ `[^`]+`) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)];
    expect(stated.length).toBeGreaterThan(0);
    for (const [, suite, cases, restated, na, deviates] of stated) {
      const [repo, path] = suite!.split(' `');
      const ofSuite = rows.filter((row) => row.suite === `${repo} — \`${path}`);
      const count = (status: Status) => ofSuite.filter((row) => row.status === status).length;
      expect({ suite, cases: ofSuite.length, restated: count('restated'), na: count('n.a.'), deviates: count('deviates') }).toEqual({
        suite,
        cases: Number(cases),
        restated: Number(restated),
        na: Number(na),
        deviates: Number(deviates),
      });
    }
  });
});
