import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCsv } from '../../../src/operations/csv/index.ts';
import { GUID_A, GUID_B, assertIssue, assertNoErrors, bytesOf, codesOf } from './assert-issue.ts';

// What `Get-Mailbox -InactiveMailboxOnly | Export-Csv` writes: every property of the first object as a quoted
// column (a real file has ~200; these are enough to hold every name we could confuse), every value quoted.
// Guid is the directory object's, not the mailbox's; UsageLocation is a country name, not an ISO code.
const COLUMNS = [
  'PSComputerName',
  'RunspaceId',
  'Database',
  'LitigationHoldEnabled',
  'InPlaceHolds',
  'ExternalDirectoryObjectId',
  'UsageLocation',
  'IsInactiveMailbox',
  'WhenSoftDeleted',
  'Alias',
  'DisplayName',
  'LegacyExchangeDN',
  'PrimarySmtpAddress',
  'RecipientTypeDetails',
  'Name',
  'DistinguishedName',
  'Identity',
  'Guid',
  'ExchangeGuid',
  'UserPrincipalName',
];

function mailbox(name: string, smtp: string, exchangeGuid: string, directoryGuid: string): string[] {
  const dn = `CN=${name},OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=PROD,DC=OUTLOOK,DC=COM`;
  return [
    'outlook.office365.com',
    '3f2a1b7c-0d4e-4f5a-8b6c-7d8e9f0a1b2c',
    'EURPR01DG001-db042',
    'True',
    '',
    '',
    'United States',
    'True',
    '3/14/2024 9:26:53 AM',
    name.toLowerCase().replace(' ', '.'),
    name,
    '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=a1b2c3',
    smtp,
    'UserMailbox',
    name,
    dn,
    `Soft Deleted Objects\\${name}`,
    directoryGuid,
    exchangeGuid,
    smtp,
  ];
}

const ROWS = [
  mailbox('Megan Bowen', 'megan.bowen@contoso.com', GUID_A, '0f8fad5b-d9cb-469f-a165-70867728950e'),
  mailbox('Alex Wilber', 'alex.wilber@contoso.com', GUID_B, '7c9e6679-7425-40de-944b-e07fc1f90ae8'),
];

function quoted(cells: readonly string[], delimiter = ','): string {
  return cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(delimiter);
}

/** The bytes Export-Csv writes, with the `#TYPE` line Windows PowerShell 5.1 adds unless -NoTypeInformation. */
function exportCsv(
  options: { typeLine?: string; columns?: string[]; rows?: string[][]; delimiter?: string } = {},
): Buffer {
  const { typeLine, columns = COLUMNS, rows = ROWS, delimiter = ',' } = options;
  const lines = [quoted(columns, delimiter), ...rows.map((row) => quoted(row, delimiter))];
  return bytesOf(`${typeLine === undefined ? '' : `${typeLine}\r\n`}${lines.join('\r\n')}\r\n`);
}

describe('importCsv: a Get-Mailbox | Export-Csv file as the admin has it', () => {
  // The type name is whatever the piped objects carry: a remote (Import-PSSession) session's Get-Mailbox objects are
  // "Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox" (public scripts test psObject.TypeNames for
  // it, e.g. janikvonrotz gist 6780143); no public source says which name the REST module (EXO V3) objects give,
  // so PSCustomObject is an assumption. Any `#TYPE` line is read the same way.
  const variants: [string, string | undefined, number][] = [
    [
      'Windows PowerShell 5.1 (remote session objects)',
      '#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox',
      3,
    ],
    ['Windows PowerShell 5.1 (REST module objects)', '#TYPE System.Management.Automation.PSCustomObject', 3],
    ['PowerShell 7 (no #TYPE line)', undefined, 2],
  ];
  for (const [name, typeLine, firstRow] of variants) {
    it(`reads an export from ${name} as a validate file of its ExchangeGuids, with one note`, () => {
      const result = importCsv(exportCsv({ typeLine }));
      assertNoErrors(result.issues);
      assert.equal(result.type, 'validate');
      assert.deepEqual(
        result.items.map((item) => [item.rowNumber, item.sourceIdentity, item.targetIdentity]),
        [
          [firstRow, GUID_A, null],
          [firstRow + 1, GUID_B, null],
        ],
      );
      assert.deepEqual(codesOf(result.issues), ['UNKNOWN_COLUMN']);
      assertIssue(result.issues, {
        row: null,
        code: 'UNKNOWN_COLUMN',
        severity: 'warning',
        message: /Get-Mailbox.*ExchangeGuid names each mailbox.*other 19 columns.*ignored.*say "export" with the file/,
      });
      assert.equal(result.headers[0], 'PSComputerName', 'the #TYPE line is not the header');
    });
  }

  it('reads the same file as an export when the admin asks for one', () => {
    const result = importCsv(exportCsv({ typeLine: '#TYPE System.Management.Automation.PSCustomObject' }), {
      type: 'export',
    });
    assertNoErrors(result.issues);
    assert.equal(result.type, 'export');
    assert.deepEqual(
      result.items.map((item) => item.sourceIdentity),
      [GUID_A, GUID_B],
    );
    assert.deepEqual(codesOf(result.issues), ['UNKNOWN_COLUMN']);
    assert.doesNotMatch(result.issues[0]?.message ?? '', /say "export"/, 'the admin already asked for an export');
  });

  it('reads an export made with -UseCulture in a semicolon locale', () => {
    const typeLine = '#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox';
    const result = importCsv(exportCsv({ typeLine, delimiter: ';' }));
    assertNoErrors(result.issues);
    assert.equal(result.delimiter, ';');
    assert.deepEqual(
      result.items.map((item) => item.sourceIdentity),
      [GUID_A, GUID_B],
    );
  });

  it('names mailboxes by DistinguishedName when the export has no ExchangeGuid column', () => {
    const columns = ['DisplayName', 'PrimarySmtpAddress', 'DistinguishedName'];
    const rows = ROWS.map((row) => [row[10] ?? '', row[12] ?? '', row[15] ?? '']);
    const result = importCsv(exportCsv({ columns, rows }));
    assertNoErrors(result.issues);
    assert.equal(result.type, 'validate');
    assert.match(result.items[0]?.sourceIdentity ?? '', /^CN=Megan Bowen,OU=contoso/);
    assertIssue(result.issues, { row: null, code: 'UNKNOWN_COLUMN', message: 'DistinguishedName names each mailbox' });
  });

  it('falls back to PrimarySmtpAddress when the export names mailboxes by nothing else', () => {
    const columns = ['DisplayName', 'PrimarySmtpAddress'];
    const rows = ROWS.map((row) => [row[10] ?? '', row[12] ?? '']);
    const result = importCsv(exportCsv({ columns, rows }));
    assertNoErrors(result.issues);
    assert.equal(result.type, 'validate');
    assert.deepEqual(
      result.items.map((item) => item.sourceIdentity),
      ['megan.bowen@contoso.com', 'alex.wilber@contoso.com'],
    );
  });

  it('recovers from an export the admin added a target column to, using its DisplayName but not its UsageLocation', () => {
    const columns = [...COLUMNS, 'target_upn'];
    const rows = ROWS.map((row, index) => [...row, `returning.${index}@contoso.com`]);
    const result = importCsv(
      exportCsv({ typeLine: '#TYPE System.Management.Automation.PSCustomObject', columns, rows }),
    );
    assertNoErrors(result.issues);
    assert.equal(result.type, 'recovery');
    assert.equal(result.items[0]?.sourceIdentity, GUID_A);
    assert.equal(result.items[0]?.targetIdentity, 'returning.0@contoso.com');
    assert.equal(result.items[0]?.additionalData['display_name'], 'Megan Bowen');
    assert.equal(
      result.items[0]?.additionalData['usage_location'],
      undefined,
      '"United States" is not a usage location',
    );
    assert.deepEqual(codesOf(result.issues), ['UNKNOWN_COLUMN']);
  });

  it('still reports a file that names the source twice the same way', () => {
    const result = importCsv(bytesOf(`"source_guid","ExchangeGuid"\r\n"${GUID_A}","${GUID_A}"\r\n`));
    assertIssue(result.issues, { row: null, code: 'DUPLICATE_COLUMN', message: '"source_guid" and "ExchangeGuid"' });
  });
});
