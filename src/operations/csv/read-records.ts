import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import type { CsvDialect } from './dialect.ts';
import { parseWellFormedRecords } from './well-formed-records.ts';

export type RecordHandler = (cells: string[], line: number) => void;

/** Where reading stopped on content csv-parse cannot read (in practice, a stray double quote). */
export interface ReadFailure {
  line: number;
}

// Files pasted together from Windows and Mac/Linux mix line endings; csv-parse's auto-detection would
// take the first one it sees and merge the other lines into fields.
const PARSE_OPTIONS = {
  relax_column_count: true,
  relax_quotes: true,
  // Blank lines come through as [''] so that physical line numbers can be counted without offsets.
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
};

function countLineBreaks(cells: readonly string[], lineBreak: string): number {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf(lineBreak); at !== -1; at = cell.indexOf(lineBreak, at + 1)) count += 1;
  }
  return count;
}

function countByte(data: Buffer, byte: number): number {
  let count = 0;
  for (let at = data.indexOf(byte); at !== -1; at = data.indexOf(byte, at + 1)) count += 1;
  return count;
}

function isBlankLine(cells: readonly string[]): boolean {
  return cells.length === 1 && cells[0] === '';
}

/** Hands each non-blank record to `onRecord` with the physical line it starts on; returns the next line. */
function walkRecords(records: readonly string[][], data: Buffer, firstLine: number, onRecord?: RecordHandler): number {
  // A quoted line break is one line in an editor whether it is CRLF or LF; lone CR only in old Mac files.
  const lineBreak = data.includes(0x0a) ? '\n' : '\r';
  // When the file has no more line breaks than records, none is inside a value: skip looking in each cell.
  const oneLineEach = countByte(data, lineBreak.charCodeAt(0)) <= records.length;
  let line = firstLine;
  for (const cells of records) {
    if (!isBlankLine(cells)) onRecord?.(cells, line);
    line += oneLineEach ? 1 : 1 + countLineBreaks(cells, lineBreak);
  }
  return line;
}

/** Every record csv-parse reads from `data`, and whether it read to the end (false: a record it cannot read). */
export function parseRecords(data: Buffer, delimiter: string): { records: string[][]; complete: boolean } {
  const text = data.toString('utf8');
  // decode.ts hands over UTF-8 only; other bytes would not map back from the text, so csv-parse reads them all.
  const { records, end } = isUtf8(data) ? parseWellFormedRecords(text, delimiter) : { records: [], end: 0 };
  if (end === text.length) return { records, complete: true };
  // csv-parse starts each record afresh (its quoting, field and record state are reset at every record delimiter:
  // csv-parse 6 lib/api/index.js, __onRecord), so from the start of a record it reads what it would read there in
  // the whole file, and a file with one odd value pays for csv-parse only from that record on.
  const rest = data.subarray(Buffer.byteLength(text.slice(0, end), 'utf8'));
  const options = { ...PARSE_OPTIONS, delimiter };
  try {
    for (const cells of parse(rest, options) as string[][]) records.push(cells);
    return { records, complete: true };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
  }
  // Slow path, only for broken files: keep every record read before the one csv-parse gave up on.
  try {
    parse(rest, { ...options, on_record: (cells: string[]) => void records.push(cells) });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
  }
  return { records, complete: false };
}

/**
 * Parses the records of `body` and calls `onRecord` for each non-blank one, in order, with the physical line
 * it starts on (a quoted line break moves the next record down). Never throws on content: a record csv-parse
 * cannot read ends the walk, and its first line is returned.
 */
export function readRecords(body: Buffer, dialect: CsvDialect, onRecord: RecordHandler): ReadFailure | null {
  const data = body.subarray(dialect.bodyStart);
  const { records, complete } = parseRecords(data, dialect.delimiter);
  const next = walkRecords(records, data, dialect.firstLine, onRecord);
  return complete ? null : { line: next };
}
