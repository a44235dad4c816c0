import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  mapMailbox,
  mapRestoreRequest,
  mapRestoreRequestStatistics,
  parseByteQuantity,
} from '../../../src/tenant/exchange/exchange-mappers.ts';
import { loadReplyFixture } from '../support/stub-server.ts';

describe('parseByteQuantity', () => {
  const cases: { value: unknown; bytes: number }[] = [
    { value: '1.2 GB (1,288,490,189 bytes)', bytes: 1_288_490_189 },
    { value: '0 B (0 bytes)', bytes: 0 },
    { value: '512 KB', bytes: 524_288 },
    { value: '1.5 MB', bytes: 1_572_864 },
    { value: 4096, bytes: 4096 },
    { value: '2048', bytes: 2048 },
    { value: { Value: '3 KB (3,072 bytes)' }, bytes: 3072 },
    { value: 'Unlimited', bytes: 0 },
    { value: null, bytes: 0 },
  ];

  for (const { value, bytes } of cases) {
    it(`reads ${JSON.stringify(value)} as ${bytes} bytes`, () => {
      assert.equal(parseByteQuantity(value), bytes);
    });
  }
});

describe('mapMailbox', () => {
  it('fills sensible defaults when Exchange leaves properties out', () => {
    assert.deepEqual(mapMailbox({ ExchangeGuid: 'g' }), {
      exchangeGuid: 'g',
      distinguishedName: '',
      legacyExchangeDN: '',
      name: '',
      alias: '',
      displayName: '',
      primarySmtpAddress: '',
      userPrincipalName: '',
      emailAddresses: [],
      isInactiveMailbox: false,
      whenSoftDeleted: null,
      externalDirectoryObjectId: null,
      mailboxLocations: [],
      litigationHoldEnabled: false,
      inPlaceHolds: [],
      complianceTagHoldApplied: false,
      delayHoldApplied: false,
      delayReleaseHoldApplied: false,
      isDirSynced: false,
      archiveStatus: 'None',
      autoExpandingArchiveEnabled: false,
      recipientTypeDetails: '',
    });
  });

  it('accepts a single-valued address list, text booleans and /Date()/ timestamps', () => {
    const body = loadReplyFixture('get-mailbox-page-2').body as { Value: Record<string, unknown>[] };
    const mailbox = mapMailbox(body.Value[0] ?? {});

    assert.deepEqual(mailbox.emailAddresses, ['SMTP:alan@contoso.com']);
    assert.equal(mailbox.isInactiveMailbox, true);
    assert.equal(mailbox.whenSoftDeleted, '2024-03-01T10:00:00.000Z');
    assert.equal(mailbox.externalDirectoryObjectId, '5d7c1f00-aaaa-4bbb-8ccc-000000000002');
    assert.equal(mailbox.mailboxLocations.length, 2);
  });
});

describe('mapRestoreRequest', () => {
  it('reads statuses case-insensitively and identities given as objects', () => {
    const request = mapRestoreRequest({
      Name: 'IMR-1',
      RequestGuid: 'r-1',
      Status: 'inprogress',
      TargetMailbox: { Name: 'ada', DistinguishedName: 'CN=ada' },
    });

    assert.equal(request.status, 'InProgress');
    assert.equal(request.targetMailbox, 'CN=ada');
  });

  it('reports no failure message for a healthy request', () => {
    const statistics = mapRestoreRequestStatistics({ Status: 'InProgress', Message: 'Informational: copying.' });

    assert.equal(statistics.failureMessage, null);
  });
});
