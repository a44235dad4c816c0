import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { writeCsv } from '../../../src/operations/csv/write-csv.ts';

const BOM = [0xef, 0xbb, 0xbf];

describe('writeCsv', () => {
  it('starts with a UTF-8 BOM so that Excel reads accents right', () => {
    const bytes = writeCsv(['display_name'], [['José Álvarez']]);
    assert.deepEqual([...bytes.subarray(0, 3)], BOM);
    assert.equal(bytes.subarray(3).toString('utf8'), 'display_name\r\nJosé Álvarez\r\n');
  });

  const formulas: [string, string][] = [
    ['=cmd|" /C calc"!A0', `"'=cmd|"" /C calc""!A0"`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ];
  for (const [value, written] of formulas) {
    it(`neutralises a cell starting with ${JSON.stringify(value[0])} so that Excel shows it as text`, () => {
      const text = writeCsv(['value'], [[value]])
        .subarray(3)
        .toString('utf8');
      assert.equal(text, `value\r\n${written}\r\n`);
    });
  }

  it('quotes commas, quotes and line breaks so that a parser gets the values back', () => {
    const values = ['Doe, Jane', 'Jane "JJ" Doe', 'line one\nline two', 'line one\r\nline two', 'alone\rCR'];
    const bytes = writeCsv(['a', 'b', 'c', 'd', 'e'], [values]);
    const records = parse(bytes, { bom: true }) as string[][];
    assert.deepEqual(records[1], values);
  });
});
