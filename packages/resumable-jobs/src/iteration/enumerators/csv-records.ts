
import type { CsvRecord } from './types.js';

/** A malformed record, at a byte offset; the csv enumerator turns it into a CsvParseError. */
export class CsvSyntaxProblem {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * An RFC 4180 reader over raw bytes: quoted fields may hold commas, doubled quotes and line breaks;
 * records end at LF, CRLF or CR. It works on bytes (not decoded text) so every record carries its
 * exact byte offsets: a resumed CSV job can open the file AT the next record instead of reading and
 * discarding everything before it. (UTF-8 never uses these ASCII bytes inside a multi-byte character.)
 * Blank lines are skipped. `offset` is the file position of the first chunk.
 */
export async function* readCsvRecords(chunks: AsyncIterable<Buffer>, offset = 0): AsyncGenerator<CsvRecord> {
  let state = State.FieldStart;
  let fields: string[] = [];
  let field: Buffer[] = [];
  let fieldFrom = -1; // start of the unquoted/quoted run inside the current chunk, -1 when none
  let recordStart = offset;
  let skipLf = false;
  let position = offset;

  const closeRun = (chunk: Buffer, until: number) => {
    if (fieldFrom >= 0 && until > fieldFrom) field.push(chunk.subarray(fieldFrom, until));
    fieldFrom = -1;
  };
  const endField = () => {
    fields.push(Buffer.concat(field).toString('utf8'));
    field = [];
  };
  const endRecord = (end: number): CsvRecord | undefined => {
    const record = fields.length === 1 && fields[0] === '' ? undefined : { fields, start: recordStart, end };
    fields = [];
    recordStart = end;
    state = State.FieldStart;
    return record;
  };

  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++, position++) {
      const byte = chunk[i]!;
      if (skipLf) {
        skipLf = false;
        if (byte === LF) {
          recordStart = position + 1;
          continue;
        }
      }
      if (state === State.FieldStart) {
        if (byte === QUOTE) {
          state = State.Quoted;
          fieldFrom = i + 1;
          continue;
        }
        // Any other byte starts an unquoted field (possibly empty, if it is a comma or a line break).
        state = State.Unquoted;
        fieldFrom = i;
      }
      switch (state as State) {
        case State.FieldStart:
          break;
        case State.Unquoted:
          if (byte === COMMA) {
            closeRun(chunk, i);
            endField();
            state = State.FieldStart;
          } else if (byte === CR || byte === LF) {
            closeRun(chunk, i);
            endField();
            skipLf = byte === CR;
            const record = endRecord(position + 1);
            if (record) yield record;
          } else if (byte === QUOTE) {
            throw new CsvSyntaxProblem(position, 'a quote inside an unquoted field (quote the whole field and double the quote)');
          }
          break;
        case State.Quoted:
          if (byte === QUOTE) {
            closeRun(chunk, i);
            state = State.QuoteInQuoted;
          }
          break;
        case State.QuoteInQuoted:
          if (byte === QUOTE) {
            // A doubled quote is one literal quote; the run continues after it.
            field.push(Buffer.from('"'));
            state = State.Quoted;
            fieldFrom = i + 1;
          } else if (byte === COMMA) {
            endField();
            state = State.FieldStart;
          } else if (byte === CR || byte === LF) {
            endField();
            skipLf = byte === CR;
            const record = endRecord(position + 1);
            if (record) yield record;
          } else {
            throw new CsvSyntaxProblem(position, 'text after a closing quote (expected a comma or a line break)');
          }
          break;
      }
    }
    // A field that spans chunks: keep what this chunk held of it; it goes on at the next chunk's start.
    const inRun = (state as State) === State.Unquoted || (state as State) === State.Quoted;
    if (inRun) {
      closeRun(chunk, chunk.length);
      fieldFrom = 0;
    }
  }
  const final = state as State;
  if (final === State.Quoted) throw new CsvSyntaxProblem(position, 'the file ends inside a quoted field');
  if (final === State.Unquoted || final === State.QuoteInQuoted || fields.length > 0) {
    endField();
    const record = endRecord(position);
    if (record) yield record;
  }
}
