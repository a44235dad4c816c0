/**
 * Mail users for the generated tenant: hybrid users whose mailbox is on-premises. Exchange Online shows each as
 * a mail user (synced, IsDirSynced), with a cloud-based archive once one is provisioned: `Get-MailUser … | FL
 * *archive*` then gives ArchiveStatus `Active` and an ArchiveGuid, before that `None` and an empty ArchiveGuid
 * (Learn "Create a cloud-based archive for an on-premises primary mailbox in an Exchange hybrid deployment",
 * MicrosoftDocs/OfficeDocs-Exchange Exchange/ExchangeHybrid/hybrid-deployment/create-cloud-based-archive.md, Step 2).
 * Each is an Entra user too, synced from on-premises.
 */
import {
  buildDistinguishedName,
  buildLegacyExchangeDN,
  type PeopleFactory,
  type TenantNaming,
} from './fixture-mailbox-builder.ts';
import type { FixtureMailbox, FixtureRecipient, FixtureUser } from './fixture-types.ts';
import type { Prng } from './prng.ts';

const NO_GUID = '00000000-0000-0000-0000-000000000000';

interface MailUserSpec {
  cloudArchive: boolean;
  /** An inactive mailbox whose X500 an on-premises admin already added (and sync brought over). */
  preparedFor?: FixtureMailbox;
}

export interface GeneratedMailUsers {
  recipients: FixtureRecipient[];
  users: FixtureUser[];
}

function buildMailUser(prng: Prng, naming: TenantNaming, people: PeopleFactory, spec: MailUserSpec) {
  const person = people.createPerson();
  const address = `${person.alias}@contoso.com`;
  const userId = prng.guid();
  const emailAddresses = [
    `SMTP:${address}`,
    `smtp:${person.alias}@${naming.initialDomain}`,
    ...(spec.preparedFor ? [`X500:${spec.preparedFor.LegacyExchangeDN}`] : []),
  ];
  const recipient: FixtureRecipient = {
    Name: person.name,
    Alias: person.alias,
    DisplayName: `${person.firstName} ${person.lastName}`,
    Identity: person.name,
    ExchangeGuid: prng.guid(),
    DistinguishedName: buildDistinguishedName(naming, person.name, false),
    LegacyExchangeDN: buildLegacyExchangeDN(prng, person.alias),
    ExternalDirectoryObjectId: userId,
    UserPrincipalName: address,
    PrimarySmtpAddress: address,
    ExternalEmailAddress: `SMTP:${address}`,
    EmailAddresses: emailAddresses,
    RecipientType: 'MailUser',
    RecipientTypeDetails: 'MailUser',
    IsDirSynced: true,
    ArchiveStatus: spec.cloudArchive ? 'Active' : 'None',
    ArchiveGuid: spec.cloudArchive ? prng.guid() : NO_GUID,
    WhenSoftDeleted: null,
  };
  const user: FixtureUser = {
    id: userId,
    userPrincipalName: address,
    displayName: recipient.DisplayName,
    givenName: person.firstName,
    surname: person.lastName,
    mail: address,
    proxyAddresses: [...emailAddresses],
    onPremisesSyncEnabled: true,
    usageLocation: 'US',
    assignedLicenses: [],
    accountEnabled: true,
  };
  return { recipient, user };
}

/**
 * Three hybrid mail users: one with a cloud-based archive that already holds the X500 of `preparedFor` (a restore
 * into its archive goes through), one with a cloud-based archive and no X500 yet, one without a cloud archive.
 */
export function generateMailUsers(
  prng: Prng,
  naming: TenantNaming,
  people: PeopleFactory,
  preparedFor: FixtureMailbox | undefined,
): GeneratedMailUsers {
  const specs: MailUserSpec[] = [
    { cloudArchive: true, ...(preparedFor ? { preparedFor } : {}) },
    { cloudArchive: true },
    { cloudArchive: false },
  ];
  const built = specs.map((spec) => buildMailUser(prng, naming, people, spec));
  return { recipients: built.map((entry) => entry.recipient), users: built.map((entry) => entry.user) };
}
