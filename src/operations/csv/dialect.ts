import type { CsvDelimiter } from './types.ts';

export interface CsvDialect {
  delimiter: CsvDelimiter;
  /** Offset of the first byte after an Excel `sep=` line, or 0. */
  bodyStart: number;
  /** Physical line number of the byte at `bodyStart`. */
  firstLine: number;
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

/**
 * The delimiter is the one the header uses most (`,` when the header has a single column). Excel's
 * `sep=;` first line, written for other locales, names it outright and is not part of the data.
 */
export function detectDialect(body: Buffer): CsvDialect {
  const lineEnd = endOfLine(body, 0);
  const sepLine = /^sep=([,;\t])$/i.exec(body.subarray(0, Math.min(lineEnd, 16)).toString('latin1'));
  if (sepLine !== null && lineEnd <= 16) {
    return { delimiter: sepLine[1] as CsvDelimiter, bodyStart: skipLineBreak(body, lineEnd), firstLine: 2 };
  }
  const counts = countDelimiters(body, 0);
  let best = 0;
  counts.forEach((count, index) => {
    if (count > (counts[best] ?? 0)) best = index;
  });
  return { delimiter: DELIMITERS[best] ?? ',', bodyStart: 0, firstLine: 1 };
}
