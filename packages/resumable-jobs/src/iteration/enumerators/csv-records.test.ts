import { describe, expect, it } from 'vitest';
import { CsvSyntaxProblem, readCsvRecords } from './csv-records.js';
import type { CsvRecord } from './types.js';

async function read(text: string, chunkSize = Infinity): Promise<CsvRecord[]> {
  const bytes = Buffer.from(text, 'utf8');
  async function* chunks() {
    const size = Math.min(chunkSize, bytes.length || 1);
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(chunks())) out.push(record);
  return out;
}

describe('readCsvRecords: RFC 4180 over bytes, with offsets', () => {
  const text = 'id,note\n1,plain\n2,"with, comma"\n3,"say ""hi"""\n4,"two\nlines"\n5,ünïcödé\n';

  it('reads quoted commas, doubled quotes, line breaks inside quotes and UTF-8', async () => {
    expect((await read(text)).map((r) => r.fields)).toEqual([
      ['id', 'note'], ['1', 'plain'], ['2', 'with, comma'], ['3', 'say "hi"'], ['4', 'two\nlines'], ['5', 'ünïcödé'],
    ]);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const whole = await read(text);
    for (const size of [1, 2, 3, 7]) expect(await read(text, size)).toEqual(whole);
  });

  it('ends each record at the byte after its line break, so reading can restart there', async () => {
    const bytes = Buffer.from(text, 'utf8');
    for (const record of await read(text)) {
      expect([0x0a, 0x0d]).toContain(bytes[record.end - 1]);
      expect(bytes.subarray(record.start, record.end).toString('utf8')).toMatch(/\n$/);
    }
  });

  it('accepts CRLF, a missing final line break and blank lines', async () => {
    expect((await read('a,b\r\n1,2\r\n\r\n3,"x"')).map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', 'x']]);
    expect((await read('a,b\n1,\n')).map((r) => r.fields)).toEqual([['a', 'b'], ['1', '']]);
  });

  it('reports malformed quoting with its byte offset', async () => {
    await expect(read('a\n"open')).rejects.toBeInstanceOf(CsvSyntaxProblem);
    await expect(read('a\n"x"y\n')).rejects.toMatchObject({ offset: 5 });
    await expect(read('a\nab"c\n')).rejects.toMatchObject({ problem: expect.stringContaining('quote inside an unquoted field') });
  });
});
