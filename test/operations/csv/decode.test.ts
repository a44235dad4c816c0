import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCsv } from '../../../src/operations/csv/index.ts';
import { GUID_A, GUID_B, assertIssue, assertNoErrors, bytesOf, codesOf } from './assert-issue.ts';

const TEXT = `Source GUID\tTarget UPN\tDisplay Name\r\n${GUID_A}\tjose.alvarez@contoso.com\tJosé Álvarez\r\n`;

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function utf16be(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
}

describe('importCsv: encodings', () => {
  const encodings: [string, Buffer, string][] = [
    ['UTF-8 without BOM', bytesOf(TEXT), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytesOf(TEXT)]), 'utf-8'],
    ['UTF-16LE with BOM (Excel "Unicode text")', utf16le(TEXT), 'utf-16le'],
    ['UTF-16BE with BOM', utf16be(TEXT), 'utf-16be'],
    ['UTF-16LE without BOM', Buffer.from(TEXT, 'utf16le'), 'utf-16le'],
  ];
  for (const [name, bytes, encoding] of encodings) {
    it(`reads ${name}, accents included`, () => {
      const result = importCsv(bytes);
      assertNoErrors(result.issues);
      assert.equal(result.encoding, encoding);
      assert.equal(result.type, 'recovery');
      assert.equal(result.headers[0], 'Source GUID', 'no BOM left in the first header');
      assert.equal(result.items[0]?.additionalData['display_name'], 'José Álvarez');
    });
  }

  it('reads a file that is not UTF-8 as Windows-1252 and warns that it did', () => {
    const bytes = Buffer.from(TEXT.replaceAll('\t', ','), 'latin1');
    const result = importCsv(bytes);
    assert.equal(result.encoding, 'windows-1252');
    assert.equal(result.items[0]?.additionalData['display_name'], 'José Álvarez');
    assertIssue(result.issues, { row: null, code: 'LEGACY_ENCODING', severity: 'warning', message: 'CSV UTF-8' });
    assert.equal(readyCount(result), 1);
  });
  it('keeps a UTF-8 file with a BOM as UTF-8 when one byte is bad, and blocks only the row that has it', () => {
    const header = bytesOf('source_guid,target_upn,display_name\r\n');
    const good = bytesOf(`${GUID_A},zoe.mueller@contoso.com,Zoë Müller\r\n`);
    // One Windows-1252 "é" (0xE9) pasted into an otherwise UTF-8 file: not a valid UTF-8 sequence.
    const bad = Buffer.concat([bytesOf(`${GUID_B},rene@contoso.com,Ren`), Buffer.from([0xe9]), bytesOf(' Dubois\r\n')]);
    const result = importCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), header, good, bad]));
    assert.equal(result.encoding, 'utf-8');
    assert.ok(!codesOf(result.issues).includes('LEGACY_ENCODING'), 'the BOM says UTF-8: the file is not re-read');
    assert.equal(result.items[0]?.additionalData['display_name'], 'Zoë Müller');
    assertIssue(result.issues, {
      row: 3,
      column: 'display_name',
      code: 'INVALID_UTF8',
      severity: 'error',
      message: /Row 3.*display_name.*not UTF-8/,
    });
    assert.deepEqual(
      result.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.row),
      [3],
    );
    assert.equal(readyCount(result), 1);
  });
});

function readyCount(result: ReturnType<typeof importCsv>): number {
  return result.items.length - new Set(result.issues.filter((i) => i.severity === 'error').map((i) => i.row)).size;
}

describe('importCsv: files that are not CSV', () => {
  const notCsv: [string, Buffer, RegExp][] = [
    [
      'an Excel workbook (.xlsx)',
      Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.alloc(64)]),
      /Excel workbook \(\.xlsx\).*CSV UTF-8/,
    ],
    ['an old Excel workbook (.xls)', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), /\.xls\)/],
    ['a PDF', bytesOf('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), /PDF/],
    ['a SharePoint sharing page', bytesOf('\r\n  <!DOCTYPE html>\r\n<html lang="en"><head>'), /web page.*Download/],
    ['an HTML page without doctype', bytesOf('<html><body>Sign in</body></html>'), /web page/],
    ['an Excel XML spreadsheet', bytesOf('<?xml version="1.0"?>\r\n<?mso-application progid="Excel.Sheet"?>'), /XML/],
    ['some other binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /binary/],
  ];
  for (const [name, bytes, message] of notCsv) {
    it(`reports NOT_CSV with a helpful sentence for ${name}`, () => {
      const result = importCsv(bytes);
      assert.deepEqual(codesOf(result.issues), ['NOT_CSV']);
      assertIssue(result.issues, { row: null, column: null, code: 'NOT_CSV', message });
      assert.deepEqual(result.items, []);
    });
  }
});
