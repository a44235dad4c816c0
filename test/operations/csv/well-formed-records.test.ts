import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvError, parse } from 'csv-parse/sync';
import { decodeCsvBytes } from '../../../src/operations/csv/decode.ts';
import { detectDialect } from '../../../src/operations/csv/dialect.ts';
import { parseRecords } from '../../../src/operations/csv/read-records.ts';
import { parseWellFormedRecords } from '../../../src/operations/csv/well-formed-records.ts';
import { GUID_A, GUID_B } from './assert-issue.ts';

type Delimiter = ',' | ';' | '\t';

// What the import read before the fast path: csv-parse with read-records.ts' options, over the whole file.
const CSV_PARSE_OPTIONS = {
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** csv-parse's records of the whole file; when it gives up, the records it read before, and `complete: false`. */
function readWithCsvParse(text: string, delimiter: Delimiter): { records: string[][]; complete: boolean } {
  const data = Buffer.from(text, 'utf8');
  try {
    return { records: parse(data, { ...CSV_PARSE_OPTIONS, delimiter }) as string[][], complete: true };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
  }
  const records: string[][] = [];
  try {
    parse(data, { ...CSV_PARSE_OPTIONS, delimiter, on_record: (cells: string[]) => void records.push(cells) });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
  }
  return { records, complete: false };
}

function assertReadsAsCsvParse(text: string, delimiter: Delimiter = ','): void {
  const fast = parseWellFormedRecords(text, delimiter);
  assert.equal(fast.end, text.length, `the fast path stopped at ${fast.end} in ${JSON.stringify(text)}`);
  assert.deepEqual(fast.records, readWithCsvParse(text, delimiter).records, JSON.stringify(text));
}

const HEADER = 'source_guid,target_upn,display_name';

describe('parseWellFormedRecords: the same records as csv-parse, faster', () => {
  const accepted: [string, string, Delimiter?][] = [
    ['an empty file', ''],
    [
      'quoted values with delimiters, doubled quotes and line breaks',
      `${HEADER}\r\n${GUID_A},a@contoso.com,"Doe, Jane ""JJ""\r\nline\nthree\rfour"\r\n`,
    ],
    ['empty quoted values and a value that is one quote', `a,"",""""\r\n"","",""\r\n`],
    [
      'blank lines before, between and after the records',
      `\r\n\n${HEADER}\r\n\r\n${GUID_A},a@contoso.com,A\n\r\n\r\r\n`,
    ],
    ['a file of line breaks only', '\r\n\n\r\n\r'],
    ['a last line with no line break', `${HEADER}\r\n${GUID_A},a@contoso.com,A`],
    ['a last line ending in a delimiter, and one ending in a quoted value', `a,b,\r\nc,"d"`],
    [
      'lines ending in a mix of CRLF, LF and CR',
      `${HEADER}\r\n${GUID_A},a@contoso.com,A\n${GUID_B},b@contoso.com,B\rx,y,z\r\n`,
    ],
    [
      'a stray quote inside an unquoted value',
      `${HEADER}\r\n${GUID_A},jane@contoso.com,Jane "JJ" Doe\r\nab""c,d",e"f"\r\n`,
    ],
    ['spaces around values, and before a quote', ` a , b ,  "c" ,d\r\n`],
    ['a second byte order mark left in the first value', `\ufeff${HEADER}\r\n${GUID_A},a@contoso.com,A\r\n`],
    [
      'accents, CJK and characters outside the BMP',
      `${HEADER}\r\n${GUID_A},a@contoso.com,"José Álvarez 王李 😀"\r\nZoë,Müller,😀\r\n`,
    ],
    ['semicolons, with commas as plain text', `source_guid;display_name\r\n${GUID_A};"Doe; Jane";x,y\r\n`, ';'],
    ['tabs, with commas and semicolons as plain text', `source_guid\tdisplay_name\n${GUID_A}\t"a\tb"\tc;d,e\n`, '\t'],
    ['ragged rows, longer and shorter than the header', `a,b,c\r\n1\r\n1,2,3,4,5\r\n,,\r\n`],
  ];
  for (const [name, text, delimiter] of accepted) {
    it(`reads ${name} exactly as csv-parse does`, () => assertReadsAsCsvParse(text, delimiter));
  }

  const stopsAt: [string, string, string][] = [
    ['text after a closing quote', 'a,b\r\n', 'c,"d"e,f\r\ng,h\r\n'],
    ['a space after a closing quote', '', 'a,"b" ,c\r\n'],
    ['a quote that is never closed', `${HEADER}\n${GUID_A},a@contoso.com,A\n`, `${GUID_B},b@contoso.com,"B\n`],
    ['a doubled quote at the end of a quoted value that is never closed', '"x"\r', 'a,"b""'],
  ];
  for (const [name, before, from] of stopsAt) {
    it(`stops at the start of the record with ${name}, having read the records before it`, () => {
      const fast = parseWellFormedRecords(before + from, ',');
      assert.equal(fast.end, before.length);
      assert.deepEqual(fast.records, readWithCsvParse(before, ',').records);
    });
    it(`reads a file with ${name} as csv-parse reads the whole file, csv-parse reading from that record on`, () => {
      assert.deepEqual(parseRecords(Buffer.from(before + from, 'utf8'), ','), readWithCsvParse(before + from, ','));
    });
  }

  it('reads the bodies decode.ts and dialect.ts hand over exactly as csv-parse does', () => {
    const files: [string, Buffer][] = [
      ['a UTF-8 BOM', Buffer.from(`\ufeff${HEADER}\r\n${GUID_A},a@contoso.com,"Doe, Jane"\r\n`, 'utf8')],
      ['Windows-1252 bytes', Buffer.from(`${HEADER}\r\n${GUID_A},a@contoso.com,"Jos\xe9 \x80"\r\n`, 'latin1')],
      [
        'a UTF-8 BOM and a byte that is not UTF-8',
        Buffer.concat([
          Buffer.from(`\ufeff${HEADER}\n${GUID_A},a@contoso.com,"A`, 'utf8'),
          Buffer.from([0xe9]),
          Buffer.from('"\n'),
        ]),
      ],
      [
        'UTF-16LE with a BOM',
        Buffer.from(`\ufeffsource_guid\tdisplay_name\r\n${GUID_A}\t"Zoë\nMüller"\r\n`, 'utf16le'),
      ],
      [
        'an Export-Csv #TYPE first line',
        Buffer.from(
          `#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox\r\n"ExchangeGuid","DisplayName"\r\n"${GUID_A}","Jane"\r\n`,
          'utf8',
        ),
      ],
      ['an Excel sep= first line', Buffer.from(`sep=;\r\nsource_guid;display_name\r\n${GUID_A};"A;B"\r\n`, 'utf8')],
      [
        'duplicate headers and bad cells',
        Buffer.from(`source_guid,Source GUID,target_upn\r\nnot-a-guid,${GUID_A},not an address\r\n,,\r\n`, 'utf8'),
      ],
    ];
    for (const [name, bytes] of files) {
      const decoded = decodeCsvBytes(bytes);
      assert.ok(decoded.ok, name);
      const dialect = detectDialect(decoded.body);
      assert.doesNotThrow(
        () => assertReadsAsCsvParse(decoded.body.subarray(dialect.bodyStart).toString('utf8'), dialect.delimiter),
        name,
      );
    }
  });

  it('leaves bytes that are not UTF-8 to csv-parse, even after rows it could read', () => {
    const data = Buffer.concat([Buffer.from([0xe9]), Buffer.from(',a\r\n"b"x,c\r\nd,e\r\n')]);
    assert.deepEqual(parseRecords(data, ','), {
      records: parse(data, { ...CSV_PARSE_OPTIONS, delimiter: ',' }) as string[][],
      complete: true,
    });
  });

  it('reads every generated file as csv-parse does, most of them without csv-parse', () => {
    // Deterministic (a fixed seed), so a failure names the same text on every run.
    let seed = 12;
    const random = (below: number): number => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
      return ((seed >>> 0) % 1_000_003) % below;
    };
    const pieces = ['a', 'Zoë', '😀', ',', ';', '\t', '"', '""', ' ', '\r', '\n', '\r\n', ',"x"', '"y",', '"a,b"'];
    let withoutCsvParse = 0;
    let broken = 0;
    for (let file = 0; file < 3000; file += 1) {
      const delimiter = ([',', ';', '\t'] as const)[random(3)] ?? ',';
      const text = Array.from({ length: random(24) }, () => pieces[random(pieces.length)]).join('');
      const expected = readWithCsvParse(text, delimiter);
      assert.deepEqual(
        parseRecords(Buffer.from(text, 'utf8'), delimiter),
        expected,
        `${JSON.stringify(text)} with ${JSON.stringify(delimiter)}`,
      );
      if (parseWellFormedRecords(text, delimiter).end === text.length) withoutCsvParse += 1;
      if (!expected.complete) broken += 1;
    }
    assert.ok(withoutCsvParse > 1000, `only ${withoutCsvParse} of 3000 generated files were read without csv-parse`);
    // Both other paths are taken too: csv-parse reading the rest of a readable file, and of a broken one.
    assert.ok(broken > 150, `only ${broken} of 3000 generated files were broken`);
    assert.ok(3000 - withoutCsvParse - broken > 1000, 'too few generated files were readable only by csv-parse');
  });
});
