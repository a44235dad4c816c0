import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 CSV for people to open in Excel: UTF-8 with a BOM (without it Excel reads the ANSI code page),
 * CRLF, and every cell that starts with = + - @, a tab or a CR prefixed with ' so that Excel shows it as text
 * instead of running it (OWASP CSV injection).
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  const text = stringify([header, ...rows] as string[][], {
    bom: true,
    record_delimiter: 'windows',
    // Without it, setting record_delimiter stops csv-stringify quoting cells that hold a lone LF or CR.
    quote_record_delimiter: true,
    escape_formulas: true,
    eof: true,
  });
  return Buffer.from(text, 'utf8');
}
