import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { importCsv, writeValidationReport } from '../../../src/operations/csv/index.ts';
import type { ValidationIssue } from '../../../src/operations/validation-issue.ts';
import { GUID_A, GUID_B, GUID_C, bytesOf } from './assert-issue.ts';

function readReport(bytes: Buffer): string[][] {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  return parse(bytes, { bom: true }) as string[][];
}

const FILE = [
  'Display Name;Source GUID;Target UPN;Notes',
  `Jane Doe;${GUID_A};jane@contoso.com;VIP`,
  `John Doe;${GUID_B};jdoe@;`,
  `=cmd;${GUID_C};lee@contoso.com;"two\r\nlines"`,
].join('\r\n');

describe('writeValidationReport', () => {
  it('echoes every input column under its own header, in its order, then status and issues', () => {
    const result = importCsv(bytesOf(FILE));
    const report = readReport(writeValidationReport(result, []));
    assert.deepEqual(report[0], ['Display Name', 'Source GUID', 'Target UPN', 'Notes', 'status', 'issues']);
    assert.deepEqual(report[1], ['Jane Doe', GUID_A, 'jane@contoso.com', 'VIP', 'ready', '']);
    assert.deepEqual(report[2], [
      'John Doe',
      GUID_B,
      'jdoe@',
      '',
      'blocked',
      'INVALID_EMAIL (target_upn): target_upn "jdoe@" is not a valid email address.',
    ]);
    assert.equal(report[3]?.[0], "'=cmd", 'a formula from the input is neutralised');
    assert.equal(report[3]?.[3], 'two\r\nlines');
    assert.equal(report.length, 4);
  });

  it('adds the issues it is given (the tenant pre-flight) to those of the import, each once', () => {
    const result = importCsv(bytesOf(FILE));
    const tenant: ValidationIssue[] = [
      { row: 2, column: null, code: 'HOLDS_PRESENT', severity: 'warning', message: 'Litigation Hold is on.' },
      { row: 4, column: 'target_upn', code: 'TARGET_UPN_IN_USE', severity: 'error', message: 'In use.' },
      { row: 2, column: null, code: 'SOURCE_BY_SMTP', severity: 'warning', message: 'Given by address.' },
    ];
    const report = readReport(writeValidationReport(result, [...result.issues, ...tenant]));
    assert.deepEqual(report[1]?.slice(4), [
      'warning',
      'HOLDS_PRESENT: Litigation Hold is on.; SOURCE_BY_SMTP: Given by address.',
    ]);
    assert.deepEqual(report[3]?.slice(4), ['blocked', 'TARGET_UPN_IN_USE (target_upn): In use.']);
    assert.equal(report[2]?.[5]?.split('INVALID_EMAIL').length, 2, 'an issue passed twice is listed once');
  });

  it('blocks every row, and says why on each, while the file has a file-level error', () => {
    const result = importCsv(bytesOf(`source_guid,target_upn\r\n${GUID_A},jane@contoso.com\r\n`), { type: 'recovery' });
    const report = readReport(writeValidationReport(result, []));
    assert.equal(report[1]?.[2], 'blocked');
    assert.match(report[1]?.[3] ?? '', /^MISSING_COLUMN \(display_name\): /);
  });

  it('pads rows with too few values so that status and issues stay in their columns', () => {
    const result = importCsv(bytesOf(`source_guid,target_upn,display_name\r\n${GUID_A},jane@contoso.com\r\n`));
    const report = readReport(writeValidationReport(result, []));
    assert.deepEqual(report[1]?.slice(0, 4), [GUID_A, 'jane@contoso.com', '', 'blocked']);
  });
});
