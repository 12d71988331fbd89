import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ComparisonRun } from './types.js';

/** Where reports go: REPORTS_DIR, else the project's reports/ folder. */
export function reportsDir(): string {
  return process.env.REPORTS_DIR ?? path.resolve(process.cwd(), 'reports');
}

const runsDir = () => path.join(reportsDir(), 'runs');

/**
 * Scenario files run in separate processes, so each run is a file of its own; the reporter reads
 * them all after the test run. The file name makes a re-run of a scenario replace its old row.
 */
export async function recordRun(run: ComparisonRun): Promise<void> {
  await mkdir(runsDir(), { recursive: true });
  const file = path.join(runsDir(), `${run.job}.${run.variant}.${run.engine}.json`);
  await writeFile(file, `${JSON.stringify(run, null, 2)}\n`);
}

export async function readRuns(): Promise<ComparisonRun[]> {
  let names: string[];
  try {
    names = await readdir(runsDir());
  } catch {
    return [];
  }
  const runs = await Promise.all(
    names.filter((name) => name.endsWith('.json')).map(async (name) => JSON.parse(await readFile(path.join(runsDir(), name), 'utf8')) as ComparisonRun),
  );
  return runs;
}

export async function clearRuns(): Promise<void> {
  await rm(runsDir(), { recursive: true, force: true });
}
