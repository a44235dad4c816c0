import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BulkOperationItem, BulkOperationType } from '../../../src/operations/model.ts';
import type { PreflightOptions } from '../../../src/operations/preflight/index.ts';
import {
  activeMailbox,
  guidFor,
  inactiveMailbox,
  mailUser,
  sku,
  user,
  userFor,
  type FakeTenantSeed,
} from '../../fakes/fake-tenant.ts';
import { assertIssue, codesOf, preflight, row, type ExpectedIssue } from './preflight-test-support.ts';

const jdoe = inactiveMailbox({ name: 'jdoe', inPlaceHolds: ['UniH5f0c2a1b-0c43-4a7e-9f21-5d6c8b2a7e40'] });
const adele = activeMailbox({ name: 'adele' });
const adeleUser = userFor(adele);
const base: FakeTenantSeed = { inactive: [jdoe], active: [adele], users: [adeleUser] };
const onPremUser = mailUser({ name: 'onprem.user', isDirSynced: false });
const onPremGraphUser = user({ userPrincipalName: 'onprem.user@contoso.com' });

interface Case {
  name: string;
  type: BulkOperationType;
  seed?: FakeTenantSeed;
  items: BulkOperationItem[];
  options?: PreflightOptions;
  expected: ExpectedIssue;
}

const cases: Case[] = [
  {
    name: 'SOURCE_NOT_FOUND when no inactive mailbox has the GUID',
    type: 'recovery',
    items: [row(2, guidFor('nobody'), 'john.doe@contoso.com')],
    expected: {
      row: 2,
      code: 'SOURCE_NOT_FOUND',
      severity: 'error',
      column: 'source_guid',
      mentions: guidFor('nobody'),
    },
  },
  {
    name: 'SOURCE_NOT_FOUND when no inactive mailbox has the DN',
    type: 'restore',
    items: [row(2, 'CN=ghost,OU=contoso,DC=prod,DC=outlook,DC=com', 'adele@contoso.com')],
    expected: { row: 2, code: 'SOURCE_NOT_FOUND', severity: 'error', mentions: 'CN=ghost' },
  },
  {
    name: 'SOURCE_NOT_INACTIVE when the address belongs to an active user',
    type: 'recovery',
    items: [row(2, 'adele@contoso.com', 'john.doe@contoso.com')],
    expected: { row: 2, code: 'SOURCE_NOT_INACTIVE', severity: 'error', mentions: 'adele@contoso.com' },
  },
  {
    name: 'SOURCE_AMBIGUOUS when an address matches two inactive mailboxes',
    type: 'recovery',
    seed: {
      inactive: [
        inactiveMailbox({ name: 'sales1', emailAddresses: ['SMTP:sales1@contoso.com', 'smtp:sales@contoso.com'] }),
        inactiveMailbox({ name: 'sales2', emailAddresses: ['SMTP:sales2@contoso.com', 'smtp:sales@contoso.com'] }),
      ],
    },
    items: [row(2, 'sales@contoso.com', 'new.sales@contoso.com')],
    expected: { row: 2, code: 'SOURCE_AMBIGUOUS', severity: 'error', mentions: 'sales@contoso.com' },
  },
  {
    name: 'SOURCE_BY_SMTP warning naming the GUID to use instead',
    type: 'recovery',
    items: [row(2, 'jdoe@contoso.com', 'john.doe@contoso.com')],
    expected: { row: 2, code: 'SOURCE_BY_SMTP', severity: 'warning', mentions: jdoe.exchangeGuid },
  },
  {
    name: 'SOFT_DELETED_UNDER_30_DAYS when the user is still in the recycle bin',
    type: 'recovery',
    seed: { inactive: [inactiveMailbox({ name: 'recent', externalDirectoryObjectId: guidFor('entra:recent') })] },
    items: [row(2, inactiveMailbox({ name: 'recent' }).exchangeGuid, 'recent.user@contoso.com')],
    expected: { row: 2, code: 'SOFT_DELETED_UNDER_30_DAYS', severity: 'error', mentions: guidFor('entra:recent') },
  },
  {
    name: 'AUX_PRIMARY_SHARD when the mailbox has additional shards',
    type: 'recovery',
    seed: {
      inactive: [inactiveMailbox({ name: 'big', mailboxLocations: ['1;abc;Primary;x;y', '1;def;AuxPrimary;x;y'] })],
    },
    items: [row(2, inactiveMailbox({ name: 'big' }).exchangeGuid, 'big.user@contoso.com')],
    expected: { row: 2, code: 'AUX_PRIMARY_SHARD', severity: 'error', mentions: 'additional shards' },
  },
  {
    name: 'AUTO_EXPANDING_ARCHIVE blocks a restore once the archive has expanded',
    type: 'restore',
    seed: {
      ...base,
      inactive: [inactiveMailbox({ name: 'arch', mailboxLocations: ['1;abc;Primary;x;y', '1;def;AuxArchive;x;y'] })],
    },
    items: [row(2, inactiveMailbox({ name: 'arch' }).exchangeGuid, 'adele@contoso.com')],
    expected: { row: 2, code: 'AUTO_EXPANDING_ARCHIVE', severity: 'error', mentions: 'content search' },
  },
  {
    name: 'AUTO_EXPANDING_ARCHIVE blocks a recovery when auto-expanding is on, before the archive has expanded',
    type: 'recovery',
    seed: { inactive: [inactiveMailbox({ name: 'growing', autoExpandingArchiveEnabled: true })] },
    items: [row(2, inactiveMailbox({ name: 'growing' }).exchangeGuid, 'growing.user@contoso.com')],
    expected: { row: 2, code: 'AUTO_EXPANDING_ARCHIVE', severity: 'error', mentions: 'auto-expanding archive' },
  },
  {
    name: "SOURCE_NOT_INACTIVE when the GUID is an active mailbox's",
    type: 'recovery',
    items: [row(2, adele.exchangeGuid, 'john.doe@contoso.com')],
    expected: {
      row: 2,
      code: 'SOURCE_NOT_INACTIVE',
      severity: 'error',
      column: 'source_guid',
      mentions: 'nothing to recover',
    },
  },
  {
    name: 'TARGET_UPN_IN_USE when a user has the UPN',
    type: 'recovery',
    items: [row(2, jdoe.exchangeGuid, 'adele@contoso.com')],
    expected: {
      row: 2,
      code: 'TARGET_UPN_IN_USE',
      severity: 'error',
      column: 'target_upn',
      mentions: 'adele@contoso.com',
    },
  },
  {
    name: 'TARGET_SMTP_IN_USE when another user holds the address',
    type: 'recovery',
    items: [row(2, jdoe.exchangeGuid, 'john.doe@contoso.com', { target_smtp: 'adele@contoso.com' })],
    expected: {
      row: 2,
      code: 'TARGET_SMTP_IN_USE',
      severity: 'error',
      column: 'target_smtp',
      mentions: 'adele@contoso.com',
    },
  },
  {
    name: "NAME_IN_USE when the UPN's first part is an active mailbox's Name (a re-synced returning employee)",
    type: 'recovery',
    seed: { ...base, active: [adele, activeMailbox({ name: 'jdoe' })] },
    items: [row(2, jdoe.exchangeGuid, 'jdoe@contoso.com')],
    expected: { row: 2, code: 'NAME_IN_USE', severity: 'error', column: 'target_upn', mentions: "'jdoe'" },
  },
  {
    name: 'DOMAIN_NOT_ACCEPTED when the UPN domain is not a verified mail domain',
    type: 'recovery',
    items: [row(2, jdoe.exchangeGuid, 'john.doe@fabrikam.com')],
    expected: {
      row: 2,
      code: 'DOMAIN_NOT_ACCEPTED',
      severity: 'error',
      column: 'target_upn',
      mentions: 'fabrikam.com',
    },
  },
  {
    name: 'NO_LICENSE_AVAILABLE when the SKU has no free unit',
    type: 'recovery',
    seed: { ...base, skus: [sku('ENTERPRISEPACK', 25, 25)] },
    items: [row(2, jdoe.exchangeGuid, 'john.doe@contoso.com', { license_sku: 'ENTERPRISEPACK', usage_location: 'US' })],
    expected: {
      row: 2,
      code: 'NO_LICENSE_AVAILABLE',
      severity: 'error',
      column: 'license_sku',
      mentions: 'ENTERPRISEPACK',
    },
  },
  {
    name: 'NO_LICENSE_AVAILABLE when the tenant does not have the SKU at all',
    type: 'recovery',
    seed: { ...base, skus: [sku('ENTERPRISEPACK', 25, 2)] },
    items: [row(2, jdoe.exchangeGuid, 'john.doe@contoso.com', { license_sku: 'SPE_E5', usage_location: 'US' })],
    expected: { row: 2, code: 'NO_LICENSE_AVAILABLE', severity: 'error', mentions: 'SPE_E5' },
  },
  {
    name: 'NO_LICENSE_AVAILABLE for the default SKU, on no column',
    type: 'recovery',
    seed: { ...base, skus: [sku('ENTERPRISEPACK', 1, 1)] },
    options: { defaultLicenseSku: 'ENTERPRISEPACK', defaultUsageLocation: 'US' },
    items: [row(2, jdoe.exchangeGuid, 'john.doe@contoso.com')],
    expected: { row: 2, code: 'NO_LICENSE_AVAILABLE', severity: 'error', column: null },
  },
  {
    name: 'USAGE_LOCATION_REQUIRED when a licence is asked for but no usage location is known',
    type: 'recovery',
    seed: { ...base, skus: [sku('ENTERPRISEPACK', 25, 2)] },
    items: [row(2, jdoe.exchangeGuid, 'john.doe@contoso.com', { license_sku: 'ENTERPRISEPACK' })],
    expected: { row: 2, code: 'USAGE_LOCATION_REQUIRED', severity: 'error', column: 'usage_location' },
  },
  {
    name: 'NO_LICENSE_AVAILABLE when a licence is required and the row gives none',
    type: 'recovery',
    options: { requireLicense: true },
    items: [row(2, jdoe.exchangeGuid, 'john.doe@contoso.com')],
    expected: { row: 2, code: 'NO_LICENSE_AVAILABLE', severity: 'error', mentions: 'john.doe@contoso.com' },
  },
  {
    name: 'TARGET_MAILBOX_NOT_FOUND when nobody has the target address',
    type: 'restore',
    items: [row(2, jdoe.exchangeGuid, 'ghost@contoso.com')],
    expected: {
      row: 2,
      code: 'TARGET_MAILBOX_NOT_FOUND',
      severity: 'error',
      column: 'target_mailbox',
      mentions: 'ghost@contoso.com',
    },
  },
  {
    name: 'TARGET_MAILBOX_NOT_FOUND when the target user has no mailbox',
    type: 'restore',
    seed: { ...base, users: [user({ userPrincipalName: 'nomail@contoso.com', mail: null, proxyAddresses: [] })] },
    items: [row(2, jdoe.exchangeGuid, 'nomail@contoso.com')],
    expected: { row: 2, code: 'TARGET_MAILBOX_NOT_FOUND', severity: 'error', mentions: 'nomail@contoso.com' },
  },
  {
    name: 'TARGET_IS_INACTIVE when the target is itself an inactive mailbox',
    type: 'restore',
    seed: { ...base, inactive: [jdoe, inactiveMailbox({ name: 'old' })] },
    items: [row(2, jdoe.exchangeGuid, 'old@contoso.com')],
    expected: { row: 2, code: 'TARGET_IS_INACTIVE', severity: 'error', mentions: 'old@contoso.com' },
  },
  {
    name: 'TARGET_IS_MAIL_USER (error) when the target is a mail user and the row restores into its primary mailbox',
    type: 'restore',
    seed: { ...base, mailUsers: [onPremUser], users: [adeleUser, onPremGraphUser] },
    items: [row(2, jdoe.exchangeGuid, 'onprem.user@contoso.com')],
    expected: {
      row: 2,
      code: 'TARGET_IS_MAIL_USER',
      severity: 'error',
      column: 'target_mailbox',
      mentions: 'onprem.user@contoso.com is a mail user, not a mailbox',
    },
  },
  {
    name: "TARGET_IS_MAIL_USER as a warning when the row restores into the mail user's cloud-based archive",
    type: 'restore',
    seed: { ...base, mailUsers: [onPremUser], users: [adeleUser, onPremGraphUser] },
    items: [row(2, jdoe.exchangeGuid, 'onprem.user@contoso.com', { target_is_archive: 'true' })],
    expected: { row: 2, code: 'TARGET_IS_MAIL_USER', severity: 'warning', mentions: 'cloud-based archive' },
  },
  {
    name: 'TARGET_SYNCED_X500_REQUIRED for a directory-synced target',
    type: 'restore',
    seed: { ...base, users: [userFor(adele, { onPremisesSyncEnabled: true })] },
    items: [row(2, jdoe.exchangeGuid, 'adele@contoso.com')],
    expected: {
      row: 2,
      code: 'TARGET_SYNCED_X500_REQUIRED',
      severity: 'error',
      mentions: `X500:${jdoe.legacyExchangeDN}`,
    },
  },
  {
    name: 'TARGET_SYNCED_X500_REQUIRED is only a warning once AllowLegacyDNMismatch is opted in',
    type: 'restore',
    seed: { ...base, users: [userFor(adele, { onPremisesSyncEnabled: true })] },
    options: { allowSyncedTargetX500: true },
    items: [row(2, jdoe.exchangeGuid, 'adele@contoso.com')],
    expected: { row: 2, code: 'TARGET_SYNCED_X500_REQUIRED', severity: 'warning', mentions: 'AllowLegacyDNMismatch' },
  },
  {
    name: 'TARGET_HAS_UNFINISHED_RESTORE as a warning for an unfinished request into the same target, whatever its source',
    type: 'restore',
    seed: {
      ...base,
      restoreRequests: [
        {
          name: 'jdoe-to-adele',
          requestGuid: guidFor('rq'),
          status: 'InProgress',
          sourceExchangeGuid: jdoe.exchangeGuid,
          targetMailbox: 'adele@contoso.com',
        },
      ],
    },
    items: [row(2, jdoe.exchangeGuid, 'adele@contoso.com')],
    expected: { row: 2, code: 'TARGET_HAS_UNFINISHED_RESTORE', severity: 'warning', mentions: 'jdoe-to-adele' },
  },
  {
    name: 'HOLDS_PRESENT warning naming the hold kinds in plain words',
    type: 'recovery',
    items: [row(2, jdoe.exchangeGuid, 'john.doe@contoso.com')],
    expected: {
      row: 2,
      code: 'HOLDS_PRESENT',
      severity: 'warning',
      mentions: 'Litigation Hold; eDiscovery case hold (UniH5f0c2a1b',
    },
  },
];

describe('runPreflight', () => {
  for (const testCase of cases) {
    it(`reports ${testCase.name}`, async () => {
      const { issues } = await preflight(testCase.seed ?? base, testCase.items, testCase.type, testCase.options);
      assertIssue(issues, testCase.expected);
    });
  }

  it('finds nothing blocking in a clean recovery row and a clean restore row', async () => {
    const recovery = await preflight(base, [row(2, jdoe.exchangeGuid, 'john.doe@contoso.com')], 'recovery');
    assert.deepEqual(codesOf(recovery.issues, 'error'), []);
    const restore = await preflight(base, [row(2, jdoe.exchangeGuid, 'adele@contoso.com')], 'restore');
    assert.deepEqual(codesOf(restore.issues, 'error'), []);
  });

  it('ignores finished restore requests and requests into other targets', async () => {
    const seed: FakeTenantSeed = {
      ...base,
      restoreRequests: [
        {
          name: 'done',
          requestGuid: guidFor('a'),
          status: 'Completed',
          sourceExchangeGuid: jdoe.exchangeGuid,
          targetMailbox: 'adele@contoso.com',
        },
        {
          name: 'other',
          requestGuid: guidFor('b'),
          status: 'Queued',
          sourceExchangeGuid: jdoe.exchangeGuid,
          targetMailbox: 'megan@contoso.com',
        },
      ],
    };
    const { issues } = await preflight(seed, [row(2, jdoe.exchangeGuid, 'adele@contoso.com')], 'restore');
    assert.deepEqual(codesOf(issues, 'error'), []);
    assert.ok(!codesOf(issues).includes('2:TARGET_HAS_UNFINISHED_RESTORE'));
  });

  it('recognises a pending request that Exchange prints with distinguished names', async () => {
    const seed: FakeTenantSeed = {
      ...base,
      restoreRequests: [
        {
          name: 'helpdesk-restore',
          requestGuid: guidFor('c'),
          status: 'Queued',
          sourceExchangeGuid: jdoe.distinguishedName,
          targetMailbox:
            'CN=adele,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=prod,DC=outlook,DC=com',
        },
      ],
    };
    const { issues } = await preflight(seed, [row(2, jdoe.exchangeGuid, 'adele@contoso.com')], 'restore');
    assertIssue(issues, {
      row: 2,
      code: 'TARGET_HAS_UNFINISHED_RESTORE',
      severity: 'warning',
      mentions: 'helpdesk-restore',
    });
  });

  it('accepts a synced target that already carries the X500 address', async () => {
    const synced = userFor(adele, {
      onPremisesSyncEnabled: true,
      proxyAddresses: [...adeleUser.proxyAddresses, `x500:${jdoe.legacyExchangeDN}`],
    });
    const { issues } = await preflight(
      { ...base, users: [synced] },
      [row(2, jdoe.exchangeGuid, 'adele@contoso.com')],
      'restore',
    );
    assert.deepEqual(codesOf(issues), ['2:HOLDS_PRESENT']);
  });

  it('flags the rows beyond the free licences, in file order', async () => {
    const mailboxes = ['a1', 'a2', 'a3', 'a4', 'a5'].map((name) => inactiveMailbox({ name }));
    const items = mailboxes.map((mailbox, index) =>
      row(index + 2, mailbox.exchangeGuid, `new.${mailbox.name}@contoso.com`, {
        license_sku: 'ENTERPRISEPACK',
        usage_location: 'US',
      }),
    );
    const { issues } = await preflight(
      { inactive: mailboxes, skus: [sku('ENTERPRISEPACK', 10, 7)] },
      items,
      'recovery',
    );
    assert.deepEqual(codesOf(issues, 'error'), ['5:NO_LICENSE_AVAILABLE', '6:NO_LICENSE_AVAILABLE']);
    assertIssue(issues, {
      row: 5,
      code: 'NO_LICENSE_AVAILABLE',
      severity: 'error',
      mentions: 'All 3 free ENTERPRISEPACK',
    });
  });

  it('does not count a licence for a row that is blocked anyway', async () => {
    const mailboxes = ['b1', 'b2', 'b3'].map((name) => inactiveMailbox({ name }));
    const items = [
      row(2, mailboxes[0]!.exchangeGuid, 'adele@contoso.com', { license_sku: 'ENTERPRISEPACK', usage_location: 'US' }),
      row(3, mailboxes[1]!.exchangeGuid, 'new.b2@contoso.com', { license_sku: 'ENTERPRISEPACK', usage_location: 'US' }),
      row(4, mailboxes[2]!.exchangeGuid, 'new.b3@contoso.com', { license_sku: 'enterprisepack', usage_location: 'US' }),
    ];
    const seed = { inactive: mailboxes, users: [adeleUser], skus: [sku('ENTERPRISEPACK', 10, 8)] };
    const { issues } = await preflight(seed, items, 'recovery');
    assert.deepEqual(codesOf(issues, 'error'), ['2:TARGET_UPN_IN_USE']);
  });

  it('flags a name that a later row would create a second time, naming the earlier row', async () => {
    const mailboxes = ['c1', 'c2'].map((name) => inactiveMailbox({ name }));
    const items = [
      row(2, mailboxes[0]!.exchangeGuid, 'sam@contoso.com'),
      row(3, mailboxes[1]!.exchangeGuid, 'SAM@contoso.com', { target_smtp: 'sam.two@contoso.com' }),
    ];
    const { issues } = await preflight({ inactive: mailboxes }, items, 'recovery');
    assert.deepEqual(codesOf(issues, 'error'), ['3:NAME_IN_USE']);
    assertIssue(issues, { row: 3, code: 'NAME_IN_USE', severity: 'error', mentions: 'row 2' });
  });

  it('checks a validate row for recovery eligibility, and its target only when it names one', async () => {
    const big = inactiveMailbox({ name: 'big', mailboxLocations: ['1;a;AuxPrimary;x;y'] });
    const items = [row(2, big.exchangeGuid, null), row(3, jdoe.exchangeGuid, 'adele@contoso.com')];
    const { issues } = await preflight({ ...base, inactive: [jdoe, big] }, items, 'validate');
    // Adele's active mailbox holds both the UPN and the Name 'adele'.
    assert.deepEqual(codesOf(issues, 'error'), ['2:AUX_PRIMARY_SHARD', '3:TARGET_UPN_IN_USE', '3:NAME_IN_USE']);
  });
});
