import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { importCsv, readyItems } from '../../../src/operations/csv/index.ts';
import { assertNoErrors } from './assert-issue.ts';

function readFixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/csv/${name}`, import.meta.url));
}

describe('importCsv: files as Excel and admins write them', () => {
  it('reads an Excel "Unicode text" recovery file (UTF-16LE, tabs, a cell with a line break)', () => {
    const result = importCsv(readFixture('recovery-excel-unicode-text.txt'));
    assertNoErrors(result.issues);
    assert.equal(result.type, 'recovery');
    assert.equal(result.encoding, 'utf-16le');
    assert.equal(result.delimiter, '\t');
    assert.deepEqual(
      result.items.map((item) => [item.rowNumber, item.sourceIdentity, item.additionalData['display_name']]),
      [
        [2, '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40', 'José Álvarez'],
        [3, '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'Zoë "Z" Müller'],
        [6, 'f47ac10b-58cc-4372-a567-0e02b2c3d479', '王李'],
      ],
    );
    assert.equal(result.items[1]?.additionalData['department'], 'Forschung\nBerlin');
    assert.equal(result.items[1]?.additionalData['target_smtp'], 'zoe.mueller@contoso.de');
    assert.equal(result.items[1]?.additionalData['usage_location'], 'DE');
  });

  it('reads an Excel "CSV UTF-8" restore file from a semicolon locale and normalises its choices', () => {
    const result = importCsv(readFixture('restore-excel-semicolon.csv'));
    assertNoErrors(result.issues);
    assert.equal(result.type, 'restore');
    assert.equal(result.delimiter, ';');
    assert.deepEqual(
      result.items.map((item) => [item.targetIdentity, item.additionalData]),
      [
        [
          'adele.vance@contoso.com',
          {
            target_folder: 'Wiederhergestellt - Megan Bowen',
            conflict_resolution: 'KeepLatestItem',
            source_is_archive: 'false',
            target_is_archive: 'false',
          },
        ],
        [
          'ADELE.VANCE@contoso.com',
          {
            target_folder: 'Archiv; alt',
            conflict_resolution: 'KeepAll',
            source_is_archive: 'true',
            target_is_archive: 'true',
          },
        ],
        [
          'd2719b5a-3c3f-4b8e-9a6e-2f5b3c4d5e6f',
          { target_folder: '', conflict_resolution: '', source_is_archive: '', target_is_archive: '' },
        ],
      ],
    );
  });

  it('finds every problem of a hand-edited recovery file, each on the line the admin sees', () => {
    const result = importCsv(readFixture('recovery-with-problems.csv'));
    assert.deepEqual(
      result.issues.map((issue) => [issue.row, issue.column, issue.code]),
      [
        [null, 'Notes', 'UNKNOWN_COLUMN'],
        [3, 'source_guid', 'INVALID_GUID'],
        [5, 'target_upn', 'INVALID_EMAIL'],
        [6, 'source_guid', 'DUPLICATE_SOURCE'],
        [7, 'target_upn', 'DUPLICATE_TARGET'],
        [7, 'usage_location', 'INVALID_CHOICE'],
        [9, null, 'COLUMN_COUNT_MISMATCH'],
        [10, 'display_name', 'MISSING_VALUE'],
      ],
    );
    assert.deepEqual(
      readyItems(result).map((item) => item.rowNumber),
      [2],
    );
  });
});
