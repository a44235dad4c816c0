import type { CsvDelimiter } from './types.ts';

export interface CsvDialect {
  delimiter: CsvDelimiter;
  /** Offset of the first byte after an Excel `sep=` line, or 0. */
  bodyStart: number;
  /** Physical line number of the byte at `bodyStart`. */
  firstLine: number;
  /** The type name of Export-Csv's `#TYPE` first line, or null when the file has none. */
  typeInformation: string | null;
}

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;
// In order of preference when a header holds as many of one as of another.
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

function endOfLine(body: Buffer, from: number): number {
  for (let index = from; index < body.length; index += 1) {
    if (body[index] === LF || body[index] === CR) return index;
  }
  return body.length;
}

function skipLineBreak(body: Buffer, at: number): number {
  if (body[at] === CR && body[at + 1] === LF) return at + 2;
  return at < body.length ? at + 1 : at;
}

/** Counts each delimiter in the first non-blank record, ignoring those inside quotes. */
function countDelimiters(body: Buffer, from: number): number[] {
  const counts = DELIMITERS.map(() => 0);
  let index = from;
  while (body[index] === CR || body[index] === LF) index += 1;
  let quoted = false;
  for (; index < body.length; index += 1) {
    const byte = body[index];
    if (byte === QUOTE) quoted = !quoted;
    else if (!quoted && (byte === LF || byte === CR)) break;
    else if (!quoted) {
      const which = DELIMITERS.findIndex((delimiter) => delimiter.charCodeAt(0) === byte);
      if (which !== -1) counts[which] = (counts[which] ?? 0) + 1;
    }
  }
  return counts;
}

function delimiterOfHeader(body: Buffer, from: number): CsvDelimiter {
  const counts = countDelimiters(body, from);
  let best = 0;
  counts.forEach((count, index) => {
    if (count > (counts[best] ?? 0)) best = index;
  });
  return DELIMITERS[best] ?? ',';
}

// Windows PowerShell 5.1's Export-Csv starts the file with `#TYPE <type name>` unless -NoTypeInformation is given
// (https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/export-csv?view=powershell-5.1,
// section -NoTypeInformation: "By default, the first line of the CSV file contains #TYPE"); PowerShell 6 and later
// write it only with -IncludeTypeInformation (same page, ?view=powershell-7.4, sections -IncludeTypeInformation and
// -NoTypeInformation: "became the default in PowerShell 6.0"). It is metadata, not the header.
const TYPE_INFORMATION_LINE = /^#TYPE[ \t]+(\S.*)$/;

/**
 * The delimiter is the one the header uses most (`,` when the header has a single column). Excel's
 * `sep=;` first line, written for other locales, names it outright and is not part of the data; nor is
 * Export-Csv's `#TYPE` line.
 */
export function detectDialect(body: Buffer): CsvDialect {
  const lineEnd = endOfLine(body, 0);
  const sepLine = /^sep=([,;\t])$/i.exec(body.subarray(0, Math.min(lineEnd, 16)).toString('latin1'));
  if (sepLine !== null && lineEnd <= 16) {
    const bodyStart = skipLineBreak(body, lineEnd);
    return { delimiter: sepLine[1] as CsvDelimiter, bodyStart, firstLine: 2, typeInformation: null };
  }
  const typeLine = TYPE_INFORMATION_LINE.exec(body.subarray(0, Math.min(lineEnd, 1024)).toString('utf8'));
  if (typeLine !== null) {
    const bodyStart = skipLineBreak(body, lineEnd);
    const typeInformation = (typeLine[1] ?? '').trim();
    return { delimiter: delimiterOfHeader(body, bodyStart), bodyStart, firstLine: 2, typeInformation };
  }
  return { delimiter: delimiterOfHeader(body, 0), bodyStart: 0, firstLine: 1, typeInformation: null };
}
