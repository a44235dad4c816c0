import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCsv, readyItems } from '../../../src/operations/csv/index.ts';
import { GUID_A, GUID_B, GUID_C, assertIssue, assertNoErrors, bytesOf } from './assert-issue.ts';

const RECOVERY = 'source_guid,target_upn,target_smtp,display_name';
const RESTORE = 'source_guid,target_mailbox,conflict_resolution,source_is_archive,target_is_archive';
const importRows = (header: string, ...rows: string[]) => importCsv(bytesOf([header, ...rows].join('\r\n')));

describe('importCsv: values', () => {
  const sources: [string, string][] = [
    [GUID_A, GUID_A],
    [`{${GUID_A.toUpperCase()}}`, GUID_A],
    [GUID_A.toUpperCase(), GUID_A],
    [GUID_A.replaceAll('-', ''), GUID_A],
    [
      'CN=Doe\\, Jane,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com',
      'CN=Doe\\, Jane,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com',
    ],
    ['Jane.Doe@Contoso.com', 'Jane.Doe@Contoso.com'],
  ];
  for (const [written, identity] of sources) {
    it(`accepts the source ${written} as ${identity}`, () => {
      const result = importRows('source_guid', `"${written}"`);
      assertNoErrors(result.issues);
      assert.equal(result.items[0]?.sourceIdentity, identity);
    });
  }

  for (const bad of ['abc-123', `{${GUID_A}`, `${GUID_A}}`, '12345', 'CN=Jane Doe', 'jane doe']) {
    it(`reports INVALID_GUID for the source "${bad}", saying what is expected`, () => {
      const result = importRows('source_guid', `"${bad}"`);
      assertIssue(result.issues, { row: 2, column: 'source_guid', code: 'INVALID_GUID', message: 'ExchangeGuid' });
    });
  }

  it('reports an invalid address in a sentence that quotes it', () => {
    const result = importRows(RECOVERY, `${GUID_A},jdoe@,,John Doe`);
    const issue = assertIssue(result.issues, { row: 2, column: 'target_upn', code: 'INVALID_EMAIL' });
    assert.equal(issue.message, 'target_upn "jdoe@" is not a valid email address.');
  });

  for (const bad of [
    'jdoe',
    'jdoe@contoso',
    'j doe@contoso.com',
    'a@b@contoso.com',
    '.jdoe@contoso.com',
    `${'x'.repeat(250)}@c.com`,
  ]) {
    it(`reports INVALID_EMAIL for the target_smtp "${bad.slice(0, 30)}"`, () => {
      const result = importRows(RECOVERY, `${GUID_A},jane@contoso.com,${bad},Jane`);
      assertIssue(result.issues, { row: 2, column: 'target_smtp', code: 'INVALID_EMAIL' });
    });
  }

  it('reports MISSING_VALUE for each empty required cell', () => {
    const result = importRows(RECOVERY, `,jane@contoso.com,,`);
    assertIssue(result.issues, { row: 2, column: 'source_guid', code: 'MISSING_VALUE' });
    assertIssue(result.issues, { row: 2, column: 'display_name', code: 'MISSING_VALUE', message: 'recovery row' });
    assert.equal(result.issues.length, 2, 'an empty optional cell is fine');
  });

  it('fills target_smtp from target_upn when it is empty or absent', () => {
    for (const result of [
      importRows(RECOVERY, `${GUID_A},jane@contoso.com,,Jane`),
      importRows('source_guid,target_upn,display_name', `${GUID_A},jane@contoso.com,Jane`),
    ]) {
      assert.equal(result.items[0]?.additionalData['target_smtp'], 'jane@contoso.com');
    }
  });

  it('accepts a restore target as a GUID (normalised) or a UPN, and nothing else', () => {
    const result = importRows(
      'source_guid,target_mailbox',
      `${GUID_A},{${GUID_B.toUpperCase()}}`,
      `${GUID_A},adele.vance@contoso.com`,
      `${GUID_A},Adele Vance`,
    );
    assert.deepEqual(
      result.items.map((item) => item.targetIdentity),
      [GUID_B, 'adele.vance@contoso.com', 'Adele Vance'],
    );
    assertIssue(result.issues, { row: 4, column: 'target_mailbox', code: 'INVALID_EMAIL', message: 'GUID' });
  });

  const choices: [string, string, string][] = [
    ['conflict_resolution', 'keeplatestitem', 'KeepLatestItem'],
    ['conflict_resolution', 'FORCECOPY', 'ForceCopy'],
    ['conflict_resolution', 'UpdateFromSource', 'UpdateFromSource'],
    ['source_is_archive', 'Yes', 'true'],
    ['source_is_archive', 'TRUE', 'true'],
    ['source_is_archive', '0', 'false'],
    ['target_is_archive', 'no', 'false'],
  ];
  for (const [column, written, normalised] of choices) {
    it(`normalises ${column} "${written}" to "${normalised}"`, () => {
      const cells = { conflict_resolution: 'KeepAll', source_is_archive: 'false', target_is_archive: 'false' };
      const row = { ...cells, [column]: written };
      const result = importRows(
        RESTORE,
        `${GUID_A},adele@contoso.com,${row.conflict_resolution},${row.source_is_archive},${row.target_is_archive}`,
      );
      assertNoErrors(result.issues);
      assert.equal(result.items[0]?.additionalData[column], normalised);
    });
  }

  const badChoices: [string, string, string][] = [
    [
      'conflict_resolution',
      'Merge',
      'KeepSourceItem, KeepLatestItem, KeepAll, ForceCopy, KeepTargetItem or UpdateFromSource',
    ],
    ['source_is_archive', 'maybe', 'true or false'],
    ['usage_location', 'USA', 'two-letter country code'],
  ];
  for (const [column, written, hint] of badChoices) {
    it(`reports INVALID_CHOICE for ${column} "${written}", listing what is accepted`, () => {
      const header = column === 'usage_location' ? 'source_guid,target_upn,display_name,usage_location' : RESTORE;
      const row =
        column === 'usage_location'
          ? `${GUID_A},jane@contoso.com,Jane,${written}`
          : `${GUID_A},adele@contoso.com,${column === 'conflict_resolution' ? written : 'KeepAll'},${column === 'source_is_archive' ? written : 'no'},no`;
      const result = importRows(header, row);
      assertIssue(result.issues, { row: 2, column, code: 'INVALID_CHOICE', message: hint });
    });
  }
});

describe('importCsv: rows that do not line up with the header', () => {
  it('reports COLUMN_COUNT_MISMATCH for a value with an unquoted comma, and no noise about its cells', () => {
    const result = importRows('source_guid,target_upn,display_name', `${GUID_A},jane@contoso.com,Doe, Jane`);
    assert.deepEqual(
      result.issues.map((issue) => [issue.row, issue.column, issue.code]),
      [[2, null, 'COLUMN_COUNT_MISMATCH']],
    );
    assert.match(result.issues[0]?.message ?? '', /has 4 values but the header has 3 columns.*comma.*double quotes/);
    assert.equal(result.items.length, 1);
  });

  it('reports COLUMN_COUNT_MISMATCH for a row with too few values', () => {
    const result = importRows('source_guid,target_upn,display_name', `${GUID_A},jane@contoso.com`);
    assertIssue(result.issues, { row: 2, column: null, code: 'COLUMN_COUNT_MISMATCH', message: 'has 2 values' });
  });

  it('accepts empty cells past the last column when the header line has as many (trailing delimiters)', () => {
    const header = 'source_guid,target_upn,display_name,,,';
    assertNoErrors(importRows(header, `${GUID_A},jane@contoso.com,Jane,,,`, `${GUID_B},john@contoso.com,John`).issues);
  });

  it('reports a value that spilled into one cell more than the header line has, even an empty one', () => {
    const result = importRows('source_guid,target_upn,display_name,Notes', `${GUID_A},jane@contoso.com,Doe, Jane,`);
    assertIssue(result.issues, { row: 2, column: null, code: 'COLUMN_COUNT_MISMATCH', message: 'has 5 values' });
  });
});

describe('importCsv: duplicates', () => {
  it('keeps the first row with a source and reports later ones, naming the first, whatever the case or braces', () => {
    const result = importRows(
      'source_guid,target_upn,display_name',
      `${GUID_A},a@contoso.com,A`,
      `${GUID_B},b@contoso.com,B`,
      `{${GUID_A.toUpperCase()}},c@contoso.com,C`,
    );
    const issue = assertIssue(result.issues, { row: 4, column: 'source_guid', code: 'DUPLICATE_SOURCE' });
    assert.equal(issue.message, `Row 4 repeats source ${GUID_A} already on row 2.`);
    assert.deepEqual(
      readyItems(result).map((item) => item.rowNumber),
      [2, 3],
    );
  });

  it('compares sources given as addresses case-insensitively', () => {
    const result = importRows('source_guid', 'jane@contoso.com', 'JANE@contoso.com');
    assertIssue(result.issues, { row: 3, column: 'source_guid', code: 'DUPLICATE_SOURCE', message: 'row 2' });
  });

  it('reports a repeated target_upn in a recovery file, case-insensitively', () => {
    const result = importRows(
      'source_guid,target_upn,display_name',
      `${GUID_A},jane@contoso.com,A`,
      `${GUID_B},Jane@Contoso.com,B`,
    );
    const issue = assertIssue(result.issues, { row: 3, column: 'target_upn', code: 'DUPLICATE_TARGET' });
    assert.equal(issue.message, 'Row 3 repeats target_upn "Jane@Contoso.com" already on row 2.');
  });

  it("reports a target_smtp that another row's target_upn already claims", () => {
    const result = importRows(
      RECOVERY,
      `${GUID_A},jane@contoso.com,,A`,
      `${GUID_B},jane.doe@contoso.com,jane@contoso.com,B`,
    );
    assertIssue(result.issues, {
      row: 3,
      column: 'target_smtp',
      code: 'DUPLICATE_TARGET',
      message: 'row 2 uses it as target_upn',
    });
  });

  it('does not count a row whose target_smtp equals its own target_upn as a duplicate', () => {
    assertNoErrors(importRows(RECOVERY, `${GUID_A},jane@contoso.com,JANE@contoso.com,A`).issues);
  });

  it('lets many sources restore into one mailbox, and one source into several', () => {
    const result = importRows(
      'source_guid,target_mailbox',
      `${GUID_A},archive@contoso.com`,
      `${GUID_B},archive@contoso.com`,
      `${GUID_A},adele@contoso.com`,
    );
    assertNoErrors(result.issues);
  });

  it('reports the same source restored into the same mailbox twice as DUPLICATE_SOURCE', () => {
    const result = importRows(
      'source_guid,target_mailbox',
      `${GUID_A},archive@contoso.com`,
      `${GUID_C},archive@contoso.com`,
      `${GUID_A.toUpperCase()},ARCHIVE@contoso.com`,
    );
    assertIssue(result.issues, {
      row: 4,
      column: 'source_guid',
      code: 'DUPLICATE_SOURCE',
      message: 'already on row 2',
    });
    assert.equal(result.issues.length, 1);
  });
});
