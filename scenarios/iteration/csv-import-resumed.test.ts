import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvCursor, CsvRow } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { itemsByExecution, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

/** Quoted commas, a quoted line break and doubled quotes: rows are not lines. */
const CSV = [
  'id,name,note',
  '1,Ada,"first, of all"',
  '2,Grace,"two\nlines"',
  '3,Linus,',
  '4,Barbara,"says ""hi"""',
  '5,Ken,last',
  '',
].join('\n');

/** Imports customers from a CSV file, two rows at a time. */
class ImportCustomers extends RecordingJob<{ path: string }, CsvRow[], CsvCursor> {
  buildEnumerator({ path }: { path: string }, { cursor }: BuildEnumeratorOptions<CsvCursor>) {
    return this.enumerate.csv(path, { cursor, batchSize: 2 });
  }

  async eachIteration(rows: CsvRow[]) {
    for (const row of rows) await this.record(Number(row.id));
  }
}

describe('a CSV import interrupted after every batch', () => {
  let spec: IterationSpec;
  let dir: string;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [ImportCustomers]);
    dir = await mkdtemp(join(tmpdir(), 'iteration-csv-import-'));
    await spec.startWorker({ itemBudget: 1 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('resumes at the byte offset after the last imported row, through quoted line breaks, with no row twice', async () => {
    const path = join(dir, 'customers.csv');
    await writeFile(path, CSV);
    const jobId = await spec.enqueue(ImportCustomers, { path }, { jobId: 'csv-import' });
    await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [1, 2], 2: [3, 4], 3: [5] });
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    // Each checkpoint is [last row index, byte offset after it]: the resume opens the file there.
    // (The budget also stops the run after the last batch; the next execution finds the end of the file.)
    const cursors = spec.events.of(jobId, 'iteration.interrupted').map((event) => event.cursor as CsvCursor);
    expect(cursors.map(([row]) => row)).toEqual([1, 3, 4]);
    const bytes = Buffer.from(CSV);
    expect(cursors.map(([, offset]) => bytes.subarray(offset).toString().split('\n')[0])).toEqual(['3,Linus,', '5,Ken,last', '']);
  });
});
