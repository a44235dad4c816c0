/**
 * Finds CSV text pasted into a message: a header line naming a known column (source_guid, "Source identity",
 * target_upn…) and the rows under it. In a code block everything after the header is the file; in plain text
 * the rows end at the first line that reads as prose, so "Thanks!" under the rows is not a row.
 */
import { canonicalColumnOf } from '../../operations/csv/column-specs.ts';
import type { MessageSegment } from './teams-html.ts';

export interface PastedCsv {
  /** The CSV as plain text, ending with a line break. */
  csv: string;
  /** The rest of the message, where a request such as "restore these" is read. */
  prose: string;
}

type Delimiter = ',' | ';' | '\t';
// The same preference as the importer's dialect detection when a line holds as many of one as of another.
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

function delimiterOf(line: string): Delimiter | null {
  let best: Delimiter | null = null;
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = line.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

function unquote(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

export function isHeaderCell(cell: string): boolean {
  return canonicalColumnOf(unquote(cell)) !== null;
}

interface Header {
  delimiter: Delimiter | null;
}

/** A header names at least one known column; without a delimiter it must be that column alone. */
function readHeader(line: string): Header | null {
  const delimiter = delimiterOf(line);
  const cells = delimiter === null ? [line] : line.split(delimiter);
  return cells.some(isHeaderCell) ? { delimiter } : null;
}

function isProse(line: string, header: Header): boolean {
  if (line.trimStart().startsWith('```')) return true;
  if (header.delimiter !== null && line.includes(header.delimiter)) return false;
  // Cells of a one-value row (a GUID, an address) hold no spaces and do not end a sentence.
  return /\s/.test(line.trim()) || /[!?:.]$/.test(line.trim());
}

function joinLines(lines: readonly string[]): string {
  return `${lines.join('\n').replace(/(\n[ \t]*)+$/, '')}\n`;
}

function headerIndex(lines: readonly string[]): { index: number; header: Header } | null {
  for (const [index, line] of lines.entries()) {
    const header = readHeader(line);
    if (header !== null) return { index, header };
  }
  return null;
}

/** In a code block: everything from the header on, with an Excel `sep=;` line just above it kept. */
function findInBlock(text: string): PastedCsv | null {
  const lines = text.split('\n');
  const found = headerIndex(lines);
  if (found === null) return null;
  const start = found.index > 0 && /^sep=[,;\t]$/i.test(lines[found.index - 1] ?? '') ? found.index - 1 : found.index;
  return { csv: joinLines(lines.slice(start)), prose: lines.slice(0, start).join('\n') };
}

function countQuotes(line: string): number {
  return line.split('"').length - 1;
}

/** In plain text: the header and the rows under it, blank lines skipped, up to the first prose line. */
function findInText(text: string): PastedCsv | null {
  const lines = text.split('\n');
  const found = headerIndex(lines);
  if (found === null) return null;
  const rows = [lines[found.index] ?? ''];
  let inQuotes = countQuotes(rows[0] ?? '') % 2 === 1;
  let end = found.index + 1;
  for (; end < lines.length; end += 1) {
    const line = lines[end] ?? '';
    if (!inQuotes && line.trim() === '') continue;
    if (!inQuotes && isProse(line, found.header)) break;
    rows.push(line);
    if (countQuotes(line) % 2 === 1) inQuotes = !inQuotes;
  }
  const prose = [...lines.slice(0, found.index), ...lines.slice(end)].join('\n');
  return { csv: joinLines(rows), prose };
}

/** The first code block holding a CSV wins; without one, the message text is searched as a whole. */
export function findPastedCsv(segments: readonly MessageSegment[]): PastedCsv | null {
  const plainText = segments.filter((segment) => !segment.code).map((segment) => segment.text);
  for (const segment of segments.filter((candidate) => candidate.code)) {
    const found = findInBlock(segment.text);
    if (found !== null) return { csv: found.csv, prose: [...plainText, found.prose].join('\n') };
  }
  return findInText(segments.map((segment) => segment.text).join('\n'));
}
