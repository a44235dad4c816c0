import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COLUMN_SPECS, generateTemplate, importCsv } from '../../../src/operations/csv/index.ts';
import { BULK_OPERATION_TYPES } from '../../../src/operations/model.ts';
import { assertNoErrors } from './assert-issue.ts';

describe('generateTemplate', () => {
  for (const type of BULK_OPERATION_TYPES) {
    it(`writes a ${type} template that imports with no issue and one item`, () => {
      const template = generateTemplate(type);
      const result = importCsv(Buffer.from(template, 'utf8'), { type });
      assert.deepEqual(result.issues, []);
      assert.equal(result.items.length, 1);
    });

    it(`writes every ${type} column as a header, then one example row, with CRLF line endings`, () => {
      const lines = generateTemplate(type).split('\r\n');
      assert.deepEqual(
        lines[0]?.split(','),
        COLUMN_SPECS[type].columns.map((column) => column.name),
      );
      assert.equal(lines.length, 3, 'header, example row, and the final line break');
      assert.equal(lines[2], '');
      assert.doesNotMatch(lines[1] ?? '', /abc-123|example\.com/);
    });
  }

  it('writes templates whose headers alone tell recovery, restore and validate apart', () => {
    for (const type of ['recovery', 'restore', 'validate'] as const) {
      const result = importCsv(Buffer.from(generateTemplate(type), 'utf8'));
      assert.equal(result.type, type);
      assertNoErrors(result.issues);
    }
  });
});
