import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CSV_LIMITS, importCsv, readyItems } from '../../../src/operations/csv/index.ts';
import type { ValidationIssue } from '../../../src/operations/validation-issue.ts';
import { GUID_A, GUID_B, GUID_C, assertIssue, assertNoErrors, bytesOf, codesOf } from './assert-issue.ts';

const RECOVERY_HEADER = 'source_guid,target_upn,display_name';

describe('importCsv: the file as a whole', () => {
  const emptyFiles: [string, Buffer][] = [
    ['no bytes at all', Buffer.alloc(0)],
    ['only line breaks', bytesOf('\r\n\r\n\n')],
    ['only a UTF-8 BOM', Buffer.from([0xef, 0xbb, 0xbf])],
    ['only empty cells', bytesOf(',,,\r\n , ,\r\n')],
  ];
  for (const [name, bytes] of emptyFiles) {
    it(`reports EMPTY_FILE for a file with ${name}`, () => {
      const result = importCsv(bytes);
      assert.deepEqual(codesOf(result.issues), ['EMPTY_FILE']);
      assert.deepEqual(result.items, []);
    });
  }

  it('reports NO_ROWS when the file has a header and nothing under it', () => {
    const result = importCsv(bytesOf(`${RECOVERY_HEADER}\r\n\r\n`));
    assert.equal(result.type, 'recovery');
    assert.deepEqual(codesOf(result.issues), ['NO_ROWS']);
  });

  it('treats an empty export file, or one with only its header, as "export every inactive mailbox"', () => {
    for (const text of ['', 'source_guid\r\n']) {
      const result = importCsv(bytesOf(text), { type: 'export' });
      assert.deepEqual(result.issues, [], `for ${JSON.stringify(text)}`);
      assert.deepEqual(result.items, []);
      assert.equal(result.type, 'export');
    }
  });

  it('reports MISSING_COLUMN for an export file that lists rows without a source_guid column', () => {
    const result = importCsv(bytesOf('mailbox\r\njane@contoso.com\r\n'), { type: 'export' });
    assertIssue(result.issues, { row: null, column: 'source_guid', code: 'MISSING_COLUMN' });
  });

  it('reads an export file that names mailboxes', () => {
    const result = importCsv(bytesOf(`source_guid\r\n${GUID_A}\r\n${GUID_B}\r\n`), { type: 'export' });
    assertNoErrors(result.issues);
    assert.deepEqual(
      result.items.map((item) => [item.sourceIdentity, item.targetIdentity]),
      [
        [GUID_A, null],
        [GUID_B, null],
      ],
    );
  });

  it('refuses a file over the size limit before reading it, and says how large it is', () => {
    const text = `${RECOVERY_HEADER}\r\n${GUID_A},jane@contoso.com,Jane\r\n`;
    const result = importCsv(bytesOf(text), { limits: { maxBytes: 20 } });
    assert.deepEqual(codesOf(result.issues), ['FILE_TOO_LARGE']);
    assert.match(result.issues[0]?.message ?? '', /is \d+ bytes; the limit is 20 bytes/);
    assert.deepEqual(result.rows, []);
  });

  it('reads only the first maxRows rows and says how many were allowed', () => {
    const rows = [GUID_A, GUID_B, GUID_C].map((guid, index) => `${guid},user${index}@contoso.com,User ${index}`);
    const result = importCsv(bytesOf([RECOVERY_HEADER, ...rows].join('\r\n')), { limits: { maxRows: 2 } });
    const issue = assertIssue(result.issues, { row: null, code: 'TOO_MANY_ROWS' });
    assert.match(issue.message, /only the first 2 were read/);
    assert.deepEqual(
      result.rows.map((row) => row.rowNumber),
      [2, 3],
    );
    assert.deepEqual(readyItems(result), [], 'a file over the limit is blocked as a whole');
  });

  it('uses 5 MB and 5,000 rows as default limits', () => {
    assert.deepEqual({ ...DEFAULT_CSV_LIMITS }, { maxBytes: 5 * 1024 * 1024, maxRows: 5000 });
    const rows = Array.from({ length: 5001 }, (_, index) => `${index.toString(16).padStart(32, '0')}`);
    const result = importCsv(bytesOf(['source_guid', ...rows].join('\n')));
    assertIssue(result.issues, { row: null, code: 'TOO_MANY_ROWS', message: 'more than 5,000 data rows' });
    assert.equal(result.items.length, 5000);
  });

  it('never throws, whatever bytes it is given', () => {
    let seed = 42;
    const nextByte = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    const alphabet = [...'a,;\t"\r\n {}-@.x'].map((char) => char.charCodeAt(0));
    for (let run = 0; run < 300; run += 1) {
      const length = nextByte() % 200;
      const bytes = Buffer.from(
        Array.from({ length }, () => (run % 2 === 0 ? nextByte() : (alphabet[nextByte() % alphabet.length] ?? 0))),
      );
      assert.doesNotThrow(() => importCsv(bytes), `bytes ${bytes.toString('hex')}`);
    }
  });
});

describe('importCsv: items and issues', () => {
  it('makes an item of every data row, with the errors on the rows that have them', () => {
    const text = [RECOVERY_HEADER, `${GUID_A},jane@contoso.com,Jane Doe`, `abc-123,john@contoso.com,John Doe`].join(
      '\r\n',
    );
    const result = importCsv(bytesOf(text));
    assert.equal(result.items.length, 2);
    assertIssue(result.issues, { row: 3, column: 'source_guid', code: 'INVALID_GUID' });
    assert.deepEqual(
      readyItems(result).map((item) => item.rowNumber),
      [2],
    );
    assert.equal(result.items[1]?.sourceIdentity, 'abc-123', 'a bad value is kept as written, for the report');
  });

  it('keeps every row ready when the file has only warnings', () => {
    const result = importCsv(bytesOf(`${RECOVERY_HEADER},Notes\r\n${GUID_A},jane@contoso.com,Jane Doe,left 2023\r\n`));
    assertIssue(result.issues, { row: null, column: 'Notes', code: 'UNKNOWN_COLUMN', severity: 'warning' });
    assert.equal(readyItems(result).length, 1);
  });

  it('blocks every row while the file has a file-level error', () => {
    const result = importCsv(bytesOf(`source_guid,target_upn\r\n${GUID_A},jane@contoso.com\r\n`), {
      type: 'recovery',
    });
    assertIssue(result.issues, { row: null, column: 'display_name', code: 'MISSING_COLUMN' });
    assert.equal(result.items.length, 1);
    assert.deepEqual(readyItems(result), []);
  });

  it('lets later issues (the tenant pre-flight) block rows too', () => {
    const text = [RECOVERY_HEADER, `${GUID_A},jane@contoso.com,Jane`, `${GUID_B},john@contoso.com,John`].join('\n');
    const result = importCsv(bytesOf(text));
    const tenantIssue: ValidationIssue = {
      row: 3,
      column: 'target_upn',
      code: 'TARGET_UPN_IN_USE',
      severity: 'error',
      message: 'x',
    };
    assert.deepEqual(
      readyItems(result, [tenantIssue]).map((item) => item.rowNumber),
      [2],
    );
  });

  it('sorts issues: file level first, then by row, then by column in the template order', () => {
    const text = [
      `display_name,target_upn,source_guid,Notes`,
      `,jdoe@,abc,`,
      `Jane,jane@contoso.com,${GUID_A},x`,
      `,bad,also-bad,x`,
    ].join('\r\n');
    const result = importCsv(bytesOf(text));
    const byRow = (row: number) => [
      [row, 'source_guid', 'INVALID_GUID'],
      [row, 'target_upn', 'INVALID_EMAIL'],
      [row, 'display_name', 'MISSING_VALUE'],
    ];
    assert.deepEqual(
      result.issues.map((issue) => [issue.row, issue.column, issue.code]),
      [[null, 'Notes', 'UNKNOWN_COLUMN'], ...byRow(2), ...byRow(4)],
    );
  });

  it('returns the header as written and the trimmed cells of each row for the report', () => {
    const result = importCsv(
      bytesOf(` Source GUID , Target UPN ,Display Name\r\n ${GUID_A} , jane@contoso.com , Jane \r\n`),
    );
    assert.deepEqual(result.headers, ['Source GUID', 'Target UPN', 'Display Name']);
    assert.deepEqual(result.rows, [{ rowNumber: 2, values: [GUID_A, 'jane@contoso.com', 'Jane'] }]);
  });
});
