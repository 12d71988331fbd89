import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactSecrets } from 'resumable-jobs/runtime';
import type { FaultRow } from './reliability-types.js';
import { reportsDir } from './run-store.js';

const rowsDir = () => path.join(reportsDir(), 'reliability-runs');

/**
 * Stores one fault row; the reporter turns all rows into reports/reliability.{md,json} when the run
 * ends. Each row is a file (scenario files run in separate processes); a row with the same source
 * and fault replaces the old one, so re-running a scenario does not double its rows.
 */
export async function recordFault(row: FaultRow): Promise<void> {
  await mkdir(rowsDir(), { recursive: true });
  const name = `${row.source}.${row.fault}.${row.workload}.${row.mode}`.replace(/[^a-z0-9.-]+/gi, '_');
  // Rows are shown to people: no secret may reach them, whatever a scenario put in a note.
  const safe = JSON.parse(redactSecrets(JSON.stringify(row))) as FaultRow;
  await writeFile(path.join(rowsDir(), `${name}.json`), `${JSON.stringify(safe, null, 2)}\n`);
}

export async function readFaultRows(): Promise<FaultRow[]> {
  let names: string[];
  try {
    names = await readdir(rowsDir());
  } catch {
    return [];
  }
  const rows = await Promise.all(
    names.filter((name) => name.endsWith('.json')).map(async (name) => JSON.parse(await readFile(path.join(rowsDir(), name), 'utf8')) as FaultRow),
  );
  return rows.sort((a, b) => a.fault.localeCompare(b.fault) || a.workload.localeCompare(b.workload) || a.mode.localeCompare(b.mode));
}

export async function clearFaultRows(): Promise<void> {
  await rm(rowsDir(), { recursive: true, force: true });
}
