import { isUtf8 } from 'node:buffer';
import type { ValidationIssue } from '../validation-issue.ts';
import { fileIssue } from './issues.ts';
import type { CsvEncoding } from './types.ts';

/** The file as UTF-8 bytes without a BOM, ready for csv-parse, and how it was read. */
export type DecodedCsv =
  | {
      ok: true;
      body: Buffer;
      encoding: CsvEncoding;
      warnings: ValidationIssue[];
      /** Bytes that were not UTF-8 in a file whose BOM says it is were read as U+FFFD: the rows holding one say so. */
      hasReplacedBytes: boolean;
    }
  | { ok: false; encoding: CsvEncoding; issue: ValidationIssue };

const SAVE_AS_CSV = 'In Excel choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)" and upload that file.';

// Signatures of the files admins upload by mistake most often.
const BINARY_SIGNATURES: readonly { bytes: readonly number[]; message: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], message: `This is an Excel workbook (.xlsx), not a CSV file. ${SAVE_AS_CSV}` },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    message: `This is an older Excel workbook (.xls), not a CSV file. ${SAVE_AS_CSV}`,
  },
  {
    bytes: [0x25, 0x50, 0x44, 0x46],
    message: 'This is a PDF, not a CSV file. Export the list as CSV (UTF-8) and upload that file.',
  },
];

function startsWithBytes(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function notCsv(encoding: CsvEncoding, message: string): DecodedCsv {
  return { ok: false, encoding, issue: fileIssue('NOT_CSV', message) };
}

/** Excel "Unicode text" always writes a BOM; a missing one still shows as ASCII interleaved with NULs. */
function guessUtf16WithoutBom(bytes: Uint8Array): CsvEncoding | null {
  if (bytes.length < 4) return null;
  if (bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return 'utf-16le';
  if (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return 'utf-16be';
  return null;
}

function looksLikeMarkup(body: Buffer): string | null {
  const start = body.subarray(0, 256).toString('latin1').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) {
    return (
      'This is a web page (HTML), not a CSV file: often a SharePoint or OneDrive sharing page saved instead ' +
      'of the file. Open the link, choose Download, and upload the downloaded .csv file.'
    );
  }
  if (start.startsWith('<?xml')) {
    return `This is an XML file (perhaps an Excel "XML Spreadsheet"), not a CSV file. ${SAVE_AS_CSV}`;
  }
  return null;
}

function fromText(
  text: string,
  encoding: CsvEncoding,
  warnings: ValidationIssue[] = [],
  hasReplacedBytes = false,
): DecodedCsv {
  if (text.includes('\u0000')) return notCsv(encoding, `This file is binary, not CSV text. ${SAVE_AS_CSV}`);
  const body = Buffer.from(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'utf8');
  const markup = looksLikeMarkup(body);
  return markup === null ? { ok: true, body, encoding, warnings, hasReplacedBytes } : notCsv(encoding, markup);
}

/**
 * Reads the encodings real admins produce: UTF-8 with or without BOM, UTF-16LE/BE (Excel "Unicode text"),
 * and, for a file without a BOM whose bytes are not UTF-8, Windows-1252 with a warning. Binary files and web
 * pages are NOT_CSV.
 */
export function decodeCsvBytes(input: Uint8Array): DecodedCsv {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (startsWithBytes(bytes, [0xff, 0xfe])) return fromText(new TextDecoder('utf-16le').decode(bytes), 'utf-16le');
  if (startsWithBytes(bytes, [0xfe, 0xff])) return fromText(new TextDecoder('utf-16be').decode(bytes), 'utf-16be');
  const hasUtf8Bom = startsWithBytes(bytes, [0xef, 0xbb, 0xbf]);
  const body = hasUtf8Bom ? bytes.subarray(3) : bytes;
  if (!hasUtf8Bom) {
    const signature = BINARY_SIGNATURES.find((candidate) => startsWithBytes(bytes, candidate.bytes));
    if (signature !== undefined) return notCsv('utf-8', signature.message);
    const utf16 = guessUtf16WithoutBom(bytes);
    if (utf16 !== null) return fromText(new TextDecoder(utf16).decode(bytes), utf16);
  }
  if (body.includes(0)) return notCsv('utf-8', `This file is binary, not CSV text. ${SAVE_AS_CSV}`);
  // A UTF-8 BOM outranks any guess (WHATWG Encoding Standard, https://encoding.spec.whatwg.org/#decode: "BOM
  // sniff" comes first), and the UTF-8 decoder turns each bad byte into U+FFFD ("UTF-8 decoder", error mode
  // replacement). So one pasted Windows-1252 byte spoils one cell, not every accent in the file.
  if (hasUtf8Bom && !isUtf8(body)) return fromText(new TextDecoder('utf-8').decode(body), 'utf-8', [], true);
  if (!isUtf8(body)) {
    const warning = fileIssue(
      'LEGACY_ENCODING',
      'The file is not UTF-8, so it was read as Windows-1252 (what Excel\'s "CSV (Comma delimited)" writes). ' +
        'Check that accented names look right, or save it as "CSV UTF-8" instead.',
      { severity: 'warning' },
    );
    return fromText(new TextDecoder('windows-1252').decode(body), 'windows-1252', [warning]);
  }
  const markup = looksLikeMarkup(body);
  if (markup !== null) return notCsv('utf-8', markup);
  return { ok: true, body, encoding: 'utf-8', warnings: [], hasReplacedBytes: false };
}
