import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportResultsCsv } from '../../../src/operations/csv/index.ts';
import {
  countItems,
  createItem,
  type BulkOperationItem,
  type BulkOperationResult,
  type BulkOperationType,
} from '../../../src/operations/model.ts';
import { GUID_A, GUID_B } from './assert-issue.ts';

const BASE = [
  'row_number',
  'source_identity',
  'target_identity',
  'status',
  'error',
  'started_at',
  'completed_at',
  'duration_seconds',
];

function itemOf(rowNumber: number, changes: Partial<BulkOperationItem>): BulkOperationItem {
  const item = createItem({
    rowNumber,
    sourceIdentity: GUID_A,
    targetIdentity: 'jane@contoso.com',
    additionalData: {},
  });
  return { ...item, ...changes };
}

function operationOf(type: BulkOperationType, items: BulkOperationItem[]): BulkOperationResult {
  return {
    jobId: 'op-1',
    operationType: type,
    state: 'completed_with_errors',
    totals: countItems(items),
    items,
    startedAt: '2025-03-01T09:00:00.000Z',
    completedAt: '2025-03-01T09:05:00.000Z',
    durationSeconds: 300,
    successRate: 0.5,
    retryOf: null,
    stopReason: null,
  };
}

function readBack(bytes: Buffer): Record<string, string>[] {
  return parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
}

describe('exportResultsCsv', () => {
  const completed = itemOf(2, {
    status: 'completed',
    startedAt: '2025-03-01T09:00:00.000Z',
    completedAt: '2025-03-01T09:00:12.345Z',
    result: {
      newUserPrincipalName: 'jane@contoso.com',
      newExchangeGuid: GUID_B,
      licenseAssigned: true,
      temporaryAccessPassIssued: true,
      temporaryAccessPass: 'Xy7#pQ2!',
      initialPassword: 'Summer2025!',
      graphToken: 'eyJ0eXAi...',
      note: 'recovered on retry',
    },
  });
  const failed = itemOf(3, {
    sourceIdentity: GUID_B,
    targetIdentity: 'john@contoso.com',
    status: 'failed',
    error: { code: 'NAME_IN_USE', message: 'The name "John Doe" is already being used.' },
    startedAt: '2025-03-01T09:00:13.000Z',
    completedAt: '2025-03-01T09:00:14.000Z',
  });

  it('starts with a UTF-8 BOM and writes the seed columns, then the known extras of the type', () => {
    const bytes = exportResultsCsv(operationOf('recovery', [completed, failed]));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const header = bytes.subarray(3).toString('utf8').split('\r\n')[0]?.split(',');
    assert.deepEqual(header, [
      ...BASE,
      'new_user_principal_name',
      'new_exchange_guid',
      'license_assigned',
      'temporary_access_pass_issued',
      'note',
    ]);
  });

  it('writes one row per item: error as CODE: message, durations in seconds with up to 3 decimals', () => {
    const rows = readBack(exportResultsCsv(operationOf('recovery', [completed, failed])));
    assert.deepEqual(rows[0], {
      row_number: '2',
      source_identity: GUID_A,
      target_identity: 'jane@contoso.com',
      status: 'completed',
      error: '',
      started_at: '2025-03-01T09:00:00.000Z',
      completed_at: '2025-03-01T09:00:12.345Z',
      duration_seconds: '12.345',
      new_user_principal_name: 'jane@contoso.com',
      new_exchange_guid: GUID_B,
      license_assigned: 'true',
      temporary_access_pass_issued: 'true',
      note: 'recovered on retry',
    });
    assert.equal(rows[1]?.error, 'NAME_IN_USE: The name "John Doe" is already being used.');
    assert.equal(rows[1]?.duration_seconds, '1');
    assert.equal(rows[1]?.new_exchange_guid, '');
  });

  it('never writes a password, token or Temporary Access Pass, even nested', () => {
    const nested = itemOf(4, {
      status: 'completed',
      result: { handover: { temporaryAccessPass: 'Xy7#pQ2!', lifetimeMinutes: 60 }, clientSecret: 's3cr3t' },
    });
    const text = exportResultsCsv(operationOf('recovery', [completed, nested])).toString('utf8');
    for (const secret of ['Xy7#pQ2!', 'Summer2025!', 'eyJ0eXAi', 's3cr3t'])
      assert.equal(text.includes(secret), false, secret);
    assert.match(text, /lifetimeMinutes/);
    assert.doesNotMatch(text, /password|token|secret/i);
  });

  it('drops temporaryAccessPassIssued unless it is a plain yes/no', () => {
    const leaky = itemOf(2, { result: { temporaryAccessPassIssued: 'Xy7#pQ2!' } });
    const text = exportResultsCsv(operationOf('recovery', [leaky])).toString('utf8');
    assert.equal(text.includes('Xy7#pQ2!'), false);
  });

  it('writes the restore extras in their fixed order, and lists as "a; b"', () => {
    const restore = itemOf(2, {
      status: 'completed',
      result: {
        percentComplete: 100,
        requestName: 'IMR-op1-2',
        restoreStatus: 'CompletedWithWarning',
        bytesTransferred: 1048576,
      },
    });
    const validate = itemOf(2, {
      status: 'completed',
      result: { eligible: false, blockers: ['AUX_PRIMARY_SHARD', 'NAME_IN_USE'] },
    });
    const [restoreRow] = readBack(exportResultsCsv(operationOf('restore', [restore])));
    assert.deepEqual(Object.keys(restoreRow ?? {}).slice(BASE.length), [
      'request_name',
      'request_guid',
      'restore_status',
      'status_detail',
      'percent_complete',
      'bytes_transferred',
      'data_consistency_score',
    ]);
    assert.equal(restoreRow?.percent_complete, '100');
    const [validateRow] = readBack(exportResultsCsv(operationOf('validate', [validate])));
    assert.equal(validateRow?.blockers, 'AUX_PRIMARY_SHARD; NAME_IN_USE');
    assert.equal(validateRow?.eligible, 'false');
  });

  it('neutralises cells that Excel would run as formulas', () => {
    const hostile = itemOf(2, {
      sourceIdentity: '=HYPERLINK("http://evil.example","x")',
      targetIdentity: '@SUM(1)',
      status: 'failed',
      error: { code: 'X', message: 'y' },
      result: { displayName: '+1 Jane', department: '-Finance', note: '\tTab', other: '\rCR' },
    });
    const rows = readBack(exportResultsCsv(operationOf('export', [hostile])));
    assert.equal(rows[0]?.source_identity, `'=HYPERLINK("http://evil.example","x")`);
    assert.equal(rows[0]?.target_identity, "'@SUM(1)");
    assert.equal(rows[0]?.display_name, "'+1 Jane");
    assert.equal(rows[0]?.department, "'-Finance");
    assert.equal(rows[0]?.note, "'\tTab");
    assert.equal(rows[0]?.other, "'\rCR");
  });

  it('keeps a line break inside a value through a parse round trip', () => {
    const item = itemOf(2, { status: 'failed', error: { code: 'X', message: 'first line\r\nsecond line' } });
    const rows = readBack(exportResultsCsv(operationOf('recovery', [item])));
    assert.equal(rows[0]?.error, 'X: first line\r\nsecond line');
    assert.equal(rows.length, 1);
  });

  it('gives a result key that would reuse a seed column name a prefix instead', () => {
    const item = itemOf(2, { status: 'completed', result: { status: 'Synced' } });
    const rows = readBack(exportResultsCsv(operationOf('restore', [item])));
    assert.equal(rows[0]?.status, 'completed');
    assert.equal(rows[0]?.result_status, 'Synced');
  });

  it('lists the rows blocked at validation with their reasons, in row order with the rows that ran', () => {
    const ran = [itemOf(2, { status: 'completed' }), itemOf(4, { status: 'skipped' })];
    const blocked = [
      { rowNumber: 3, sourceIdentity: GUID_B, targetIdentity: null, reasons: ['No inactive mailbox has it.'] },
      { rowNumber: 5, sourceIdentity: 'nope', targetIdentity: 'x@contoso.com', reasons: ['Not a GUID.', 'Empty.'] },
    ];
    const rows = readBack(exportResultsCsv(operationOf('recovery', ran), { blocked }));
    assert.deepEqual(
      rows.map((row) => [row.row_number, row.status, row.error]),
      [
        ['2', 'completed', ''],
        ['3', 'blocked_at_validation', 'No inactive mailbox has it.'],
        ['4', 'skipped', ''],
        ['5', 'blocked_at_validation', 'Not a GUID. Empty.'],
      ],
    );
    assert.equal(rows[1]?.source_identity, GUID_B);
    assert.equal(rows[3]?.target_identity, 'x@contoso.com');
  });
});
