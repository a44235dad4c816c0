import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCsv } from '../../../src/operations/csv/index.ts';
import { GUID_A, GUID_B, assertNoErrors, bytesOf } from './assert-issue.ts';

describe('importCsv: delimiters', () => {
  const delimiters = [',', ';', '\t'] as const;
  for (const delimiter of delimiters) {
    it(`detects ${JSON.stringify(delimiter)} from the header and reads values that contain the others`, () => {
      const others = delimiters.filter((other) => other !== delimiter).join(' ');
      const text = [
        ['source_guid', 'target_upn', 'display_name'].join(delimiter),
        [GUID_A, 'jane@contoso.com', `"Doe${delimiter} Jane ${others} Jr"`].join(delimiter),
      ].join('\r\n');
      const result = importCsv(bytesOf(text));
      assertNoErrors(result.issues);
      assert.equal(result.delimiter, delimiter);
      assert.equal(result.items[0]?.additionalData['display_name'], `Doe${delimiter} Jane ${others} Jr`);
    });
  }

  it('prefers the delimiter the header uses most, ignoring those inside quoted header names', () => {
    const text = `"source_guid,id";target_upn;display_name\r\n${GUID_A};jane@contoso.com;Jane\r\n`;
    assert.equal(importCsv(bytesOf(text)).delimiter, ';');
  });

  it("follows Excel's sep= first line, and counts it as line 1", () => {
    const text = `sep=;\r\nsource_guid;target_upn;display_name\r\n${GUID_A};jane@contoso.com;Doe, Jane\r\n`;
    const result = importCsv(bytesOf(text));
    assertNoErrors(result.issues);
    assert.equal(result.delimiter, ';');
    assert.deepEqual(result.headers, ['source_guid', 'target_upn', 'display_name']);
    assert.equal(result.items[0]?.rowNumber, 3);
    assert.equal(result.items[0]?.additionalData['display_name'], 'Doe, Jane');
  });

  it('reads a one-column file whatever its delimiter would have been', () => {
    const result = importCsv(bytesOf(`source_guid\n${GUID_A}\n${GUID_B}\n`));
    assertNoErrors(result.issues);
    assert.equal(result.type, 'validate');
    assert.equal(result.items.length, 2);
  });
});
