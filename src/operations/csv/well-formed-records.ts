const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export interface WellFormedRecords {
  records: string[][];
  /** Where the first record it could not read starts in the text: the text's length when it read them all. */
  end: number;
}

/**
 * The records of `text` exactly as csv-parse reads them with read-records.ts' options, up to the first record
 * with something outside what almost every admin's file holds: a value that starts with a quote must end at a
 * closing quote followed by a delimiter or a line break. At text after a closing quote, or a quote never closed,
 * it stops at the start of that record, and the caller lets csv-parse read the rest, with its relax_quotes rules
 * and its errors.
 *
 * Why it exists: csv-parse walks the bytes one at a time through its options and builds each value in a buffer,
 * which made parsing most of a large import's cost; this reads the decoded text with `indexOf` and `slice`.
 * `text` is the file decoded as UTF-8 (decode.ts makes every body UTF-8): delimiters and line breaks are ASCII,
 * so each value is the same string csv-parse decodes from that value's bytes.
 */
export function parseWellFormedRecords(text: string, delimiter: string): WellFormedRecords {
  const records: string[][] = [];
  const length = text.length;
  // csv-parse gives no record for an empty file, nor for the line break that ends the last line.
  if (length === 0) return { records, end: 0 };
  const separator = delimiter.charCodeAt(0);
  let record: string[] = [];
  let recordStart = 0;
  let at = 0;
  for (;;) {
    let value: string;
    if (text.charCodeAt(at) === QUOTE) {
      // Inside quotes, `""` is one quote and delimiters and line breaks are part of the value.
      let from = at + 1;
      value = '';
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return { records, end: recordStart };
        if (text.charCodeAt(quote + 1) !== QUOTE) {
          value += text.slice(from, quote);
          at = quote + 1;
          break;
        }
        value += text.slice(from, quote + 1);
        from = quote + 2;
      }
    } else {
      // A quote after the first character is part of the value, as relax_quotes reads it ("preserves quotes inside
      // unquoted field": https://csv.js.org/parse/options/relax_quotes; adaltas/node-csv packages/csv-parse/lib/api/
      // index.js, the opening-quote branch when the field already has characters).
      let end = at;
      for (; end < length; end += 1) {
        const code = text.charCodeAt(end);
        if (code === separator || code === CR || code === LF) break;
      }
      value = text.slice(at, end);
      at = end;
    }
    record.push(value);
    if (at >= length) break;
    const code = text.charCodeAt(at);
    if (code === separator) {
      at += 1;
      continue;
    }
    if (code !== CR && code !== LF) return { records, end: recordStart };
    records.push(record);
    record = [];
    // Line breaks as read-records.ts' record_delimiter lists them: CRLF first, then a lone LF or CR.
    at += code === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
    if (at >= length) return { records, end: length };
    recordStart = at;
  }
  records.push(record);
  return { records, end: length };
}
