import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCsv } from '../../../src/operations/csv/index.ts';
import type { BulkOperationType } from '../../../src/operations/model.ts';
import { GUID_A, assertIssue, assertNoErrors, bytesOf, codesOf } from './assert-issue.ts';

describe('importCsv: headers', () => {
  const spellings = [
    'source_guid',
    'Source GUID',
    'SOURCE_GUID',
    'source-guid',
    'SourceGuid',
    'source_identity',
    'Source Identity',
  ];
  for (const spelling of spellings) {
    it(`reads "${spelling}" as source_guid`, () => {
      const result = importCsv(bytesOf(`${spelling},Target UPN\r\n${GUID_A},jane@contoso.com\r\n`));
      assertNoErrors(result.issues);
      assert.equal(result.type, 'validate');
      assert.equal(result.items[0]?.sourceIdentity, GUID_A);
      assert.equal(result.items[0]?.targetIdentity, 'jane@contoso.com');
    });
  }

  it('stores other columns under their canonical names whatever the header spelling', () => {
    const result = importCsv(
      bytesOf(
        `Source GUID,Target-UPN,DISPLAY NAME,First Name,usage location\r\n${GUID_A},jane@contoso.com,Jane Doe,Jane,gb\r\n`,
      ),
    );
    assertNoErrors(result.issues);
    assert.deepEqual(result.items[0]?.additionalData, {
      display_name: 'Jane Doe',
      first_name: 'Jane',
      usage_location: 'GB',
      target_smtp: 'jane@contoso.com',
    });
  });

  const inferred: [string, BulkOperationType | null][] = [
    ['source_guid,target_mailbox', 'restore'],
    ['source_guid,target_mailbox,target_upn', 'restore'],
    ['source_guid,target_upn,display_name', 'recovery'],
    ['source_guid,target_upn,department', 'recovery'],
    ['source_guid,target_upn', 'validate'],
    ['source_guid', 'validate'],
    ['source_guid,Notes', 'validate'],
    ['source_guid,conflict_resolution', 'restore'],
    ['name,email', null],
    ['target_upn', null],
  ];
  for (const [header, type] of inferred) {
    it(`infers ${type ?? 'no type'} from the header "${header}"`, () => {
      assert.equal(importCsv(bytesOf(`${header}\r\nx\r\n`)).type, type);
    });
  }

  it('reports UNKNOWN_TYPE, listing the types, when the header does not tell and no type is given', () => {
    const result = importCsv(bytesOf('Name,Email\r\nJane Doe,jane@contoso.com\r\n'));
    assert.deepEqual(codesOf(result.issues), ['UNKNOWN_TYPE']);
    assertIssue(result.issues, { row: null, code: 'UNKNOWN_TYPE', message: 'recovery, restore, validate, export' });
    assert.equal(result.type, null);
    assert.deepEqual(result.items, []);
    assert.equal(result.rows.length, 1, 'rows are still there for the report');
  });

  it('never infers export, but reads an export file when the type is given', () => {
    const text = `source_guid\r\n${GUID_A}\r\n`;
    assert.equal(importCsv(bytesOf(text)).type, 'validate');
    assert.equal(importCsv(bytesOf(text), { type: 'export' }).type, 'export');
  });

  it('takes the given type over the one the header suggests', () => {
    const result = importCsv(bytesOf(`source_guid,target_upn,display_name\r\n${GUID_A},jane@contoso.com,Jane\r\n`), {
      type: 'validate',
    });
    assert.equal(result.type, 'validate');
    assertIssue(result.issues, { row: null, column: 'display_name', code: 'UNKNOWN_COLUMN', severity: 'warning' });
  });

  it('reports MISSING_COLUMN for each required column the header lacks, naming what is needed', () => {
    const result = importCsv(bytesOf(`source_guid,first_name\r\n${GUID_A},Jane\r\n`), { type: 'recovery' });
    assertIssue(result.issues, {
      row: null,
      column: 'target_upn',
      code: 'MISSING_COLUMN',
      message: 'needs source_guid, target_upn and display_name',
    });
    assertIssue(result.issues, { row: null, column: 'display_name', code: 'MISSING_COLUMN' });
  });

  it('reports DUPLICATE_COLUMN when two headers mean the same column, naming both', () => {
    const result = importCsv(
      bytesOf(`source_guid,Source Identity,target_upn\r\n${GUID_A},${GUID_A},jane@contoso.com\r\n`),
    );
    assertIssue(result.issues, {
      row: null,
      column: 'source_guid',
      code: 'DUPLICATE_COLUMN',
      message: '"source_guid" and "Source Identity" both mean source_guid',
    });
  });

  it('warns once per unknown column, by its header as written, and leaves it out of the items', () => {
    const result = importCsv(
      bytesOf(`source_guid,target_upn,display_name,Notes,Cost Centre\r\n${GUID_A},jane@contoso.com,Jane,VIP,4711\r\n`),
    );
    assert.deepEqual(
      result.issues.map((issue) => [issue.column, issue.code, issue.severity]),
      [
        ['Notes', 'UNKNOWN_COLUMN', 'warning'],
        ['Cost Centre', 'UNKNOWN_COLUMN', 'warning'],
      ],
    );
    assert.equal(Object.hasOwn(result.items[0]?.additionalData ?? {}, 'Notes'), false);
  });

  it('ignores empty header cells after the last column (trailing delimiters)', () => {
    const result = importCsv(bytesOf(`source_guid,target_upn,display_name,,\r\n${GUID_A},jane@contoso.com,Jane,,\r\n`));
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.headers, ['source_guid', 'target_upn', 'display_name']);
  });
});
