import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCsv } from '../../../src/operations/csv/index.ts';
import { GUID_A, GUID_B, GUID_C, assertIssue, assertNoErrors, bytesOf } from './assert-issue.ts';

const HEADER = 'source_guid,target_upn,display_name';
const rowNumbers = (text: string) => importCsv(bytesOf(text)).items.map((item) => item.rowNumber);

describe('importCsv: records and physical line numbers', () => {
  const lineEndings: [string, string][] = [
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR (old Mac)', '\r'],
  ];
  for (const [name, eol] of lineEndings) {
    it(`reads ${name} line endings and numbers rows from the header's line 1`, () => {
      const text = [HEADER, `${GUID_A},a@contoso.com,A`, `${GUID_B},b@contoso.com,B`].join(eol) + eol;
      assert.deepEqual(rowNumbers(text), [2, 3]);
    });
  }

  it('reads a file whose lines end in a mix of CRLF and LF', () => {
    const text = `${HEADER}\r\n${GUID_A},a@contoso.com,A\n${GUID_B},b@contoso.com,"B\r\nB"\r\n${GUID_C},c@contoso.com,C\n`;
    const result = importCsv(bytesOf(text));
    assertNoErrors(result.issues);
    assert.deepEqual(
      result.items.map((item) => [item.rowNumber, item.additionalData['display_name']]),
      [
        [2, 'A'],
        [3, 'B\r\nB'],
        [5, 'C'],
      ],
    );
  });

  it('reads quoted values holding commas, doubled quotes and line breaks', () => {
    const text = `${HEADER}\r\n${GUID_A},jane@contoso.com,"Doe, Jane ""JJ""\r\nSecond line"\r\n`;
    const result = importCsv(bytesOf(text));
    assertNoErrors(result.issues);
    assert.equal(result.items[0]?.additionalData['display_name'], 'Doe, Jane "JJ"\r\nSecond line');
  });

  it('numbers the row after a quoted line break by the line it starts on, as an editor shows it', () => {
    const text = [
      HEADER,
      `${GUID_A},a@contoso.com,"Line one`,
      `line two`,
      `line three"`,
      `${GUID_B},b@contoso.com,B`,
      `abc,c@contoso.com,C`,
    ].join('\r\n');
    const result = importCsv(bytesOf(text));
    assert.deepEqual(
      result.items.map((item) => item.rowNumber),
      [2, 5, 6],
    );
    assertIssue(result.issues, { row: 6, column: 'source_guid', code: 'INVALID_GUID' });
  });

  it('skips blank lines and rows of empty cells while keeping physical row numbers', () => {
    const text = `\r\n${HEADER}\r\n\r\n${GUID_A},a@contoso.com,A\r\n , , \r\n,,\r\n\r\n${GUID_B},b@contoso.com,B\r\n\r\n`;
    const result = importCsv(bytesOf(text));
    assertNoErrors(result.issues);
    assert.deepEqual(
      result.rows.map((row) => row.rowNumber),
      [4, 8],
    );
  });

  it('keeps a stray quote inside an unquoted value as part of the value', () => {
    const result = importCsv(bytesOf(`${HEADER}\r\n${GUID_A},jane@contoso.com,Jane "JJ" Doe\r\n`));
    assertNoErrors(result.issues);
    assert.equal(result.items[0]?.additionalData['display_name'], 'Jane "JJ" Doe');
  });

  it('reports NOT_CSV at the line of a quote that is never closed, and keeps the rows before it', () => {
    const text = [
      HEADER,
      `${GUID_A},a@contoso.com,A`,
      '',
      `${GUID_B},b@contoso.com,"B`,
      `${GUID_C},c@contoso.com,C`,
    ].join('\r\n');
    const result = importCsv(bytesOf(text));
    assertIssue(result.issues, { row: null, code: 'NOT_CSV', message: 'from line 4 on' });
    assert.deepEqual(
      result.rows.map((row) => row.rowNumber),
      [2],
    );
  });
});
