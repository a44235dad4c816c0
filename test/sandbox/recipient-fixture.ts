/** A small tenant whose addresses are held by every kind of Exchange recipient, not only by mailboxes. */
import type { FixtureRecipient, TenantFixture } from '../../src/sandbox/fixture-types.ts';
import { createSmallFixture } from './sandbox-client.ts';

const HOSTED =
  'OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR04A006,DC=PROD,DC=OUTLOOK,DC=COM';

function recipient(name: string, type: string, kind: string, addresses: string[], deletedAt: string | null = null) {
  const entry: FixtureRecipient = {
    Name: name,
    DisplayName: name,
    PrimarySmtpAddress: (addresses[0] ?? '').replace(/^smtp:/i, ''),
    EmailAddresses: addresses,
    RecipientType: type,
    RecipientTypeDetails: kind,
    WhenSoftDeleted: deletedAt,
    DistinguishedName: deletedAt ? `CN=${name},OU=Soft Deleted Objects,${HOSTED}` : `CN=${name},${HOSTED}`,
  };
  return entry;
}

/** partner@ (mail contact), o'brien@ (mail user), team@ (Microsoft 365 group), helpdesk@ as a lower-case `smtp:` alias (distribution group), gone@ (soft-deleted mailbox). */
export function createRecipientFixture(): TenantFixture {
  const fixture = createSmallFixture();
  fixture.recipients = [
    recipient('Fabrikam Partner', 'MailContact', 'MailContact', ['SMTP:partner@contoso.com']),
    recipient('Project Team', 'MailUniversalDistributionGroup', 'GroupMailbox', ['SMTP:team@contoso.com']),
    recipient('Help Desk', 'MailUniversalDistributionGroup', 'MailUniversalDistributionGroup', [
      'SMTP:support@contoso.com',
      'smtp:helpdesk@contoso.com',
    ]),
    recipient("Ann O'Brien", 'MailUser', 'MailUser', ["SMTP:o'brien@contoso.com"]),
    recipient('Gone Person', 'UserMailbox', 'UserMailbox', ['SMTP:gone@contoso.com'], '2025-05-20T09:00:00Z'),
  ];
  return fixture;
}
