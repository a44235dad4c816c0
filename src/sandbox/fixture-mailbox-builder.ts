/** Builds people and Get-Mailbox objects with the identifiers Exchange Online gives them. */
import type { FixtureMailbox } from './fixture-types.ts';
import type { MailboxHolds } from './fixture-holds.ts';
import { FIRST_NAMES, LAST_NAMES } from './names.ts';
import type { Prng } from './prng.ts';

export interface TenantNaming {
  /** e.g. `contoso.onmicrosoft.com`: also the organisation's OU in distinguished names. */
  initialDomain: string;
  /** The directory forest, e.g. `NAMPR04A006`. */
  forest: string;
  databases: readonly string[];
}

export interface Person {
  firstName: string;
  lastName: string;
  name: string;
  alias: string;
}

export interface PeopleFactory {
  /** A person whose Name and alias no earlier person has. */
  createPerson(): Person;
  /** Reserves a Name so createPerson never hands it out. */
  reserveName(name: string): void;
}

export function createPeopleFactory(prng: Prng): PeopleFactory {
  const names = new Set<string>();
  const aliases = new Set<string>();
  const claim = (set: Set<string>, base: string, separator: string): string => {
    let candidate = base;
    for (let n = 2; set.has(candidate.toLowerCase()); n += 1) candidate = `${base}${separator}${n}`;
    set.add(candidate.toLowerCase());
    return candidate;
  };
  return {
    createPerson() {
      const firstName = prng.pick(FIRST_NAMES);
      const lastName = prng.pick(LAST_NAMES);
      return {
        firstName,
        lastName,
        name: claim(names, `${firstName} ${lastName}`, ' '),
        alias: claim(aliases, `${firstName}.${lastName}`.toLowerCase(), ''),
      };
    },
    reserveName: (name) => void names.add(name.toLowerCase()),
  };
}

export interface MailboxSpec {
  person: Person;
  exchangeGuid: string;
  primarySmtpAddress: string;
  userPrincipalName: string;
  inactive: boolean;
  whenCreated: string;
  whenSoftDeleted: string | null;
  externalDirectoryObjectId: string;
  holds: MailboxHolds;
  archive: 'none' | 'main' | 'auto-expanded';
  auxPrimary: boolean;
  isDirSynced: boolean;
  recipientTypeDetails: 'UserMailbox' | 'SharedMailbox';
  extraAddresses: readonly string[];
}

export function buildLegacyExchangeDN(prng: Prng, alias: string): string {
  return `/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${prng.hex(32)}-${alias}`;
}

export function buildDistinguishedName(naming: TenantNaming, cn: string, inactive: boolean): string {
  const ou = inactive ? `OU=Soft Deleted Objects,OU=${naming.initialDomain}` : `OU=${naming.initialDomain}`;
  return `CN=${cn},${ou},OU=Microsoft Exchange Hosted Organizations,DC=${naming.forest},DC=PROD,DC=OUTLOOK,DC=COM`;
}

function describeLocation(prng: Prng, naming: TenantNaming, guid: string, type: string): string {
  return `1;${guid};${type};${naming.initialDomain};${prng.pick(naming.databases)}`;
}

export function buildMailbox(prng: Prng, naming: TenantNaming, spec: MailboxSpec): FixtureMailbox {
  const { person } = spec;
  const objectGuid = prng.guid();
  const archiveGuid = spec.archive === 'none' ? '00000000-0000-0000-0000-000000000000' : prng.guid();
  const locations = [describeLocation(prng, naming, spec.exchangeGuid, 'Primary')];
  if (spec.archive !== 'none') locations.push(describeLocation(prng, naming, archiveGuid, 'MainArchive'));
  if (spec.archive === 'auto-expanded') {
    for (let i = prng.int(1, 3); i > 0; i -= 1)
      locations.push(describeLocation(prng, naming, prng.guid(), 'AuxArchive'));
  }
  if (spec.auxPrimary) locations.push(describeLocation(prng, naming, prng.guid(), 'AuxPrimary'));
  const emailAddresses = [
    `SMTP:${spec.primarySmtpAddress}`,
    `smtp:${person.alias}@${naming.initialDomain}`,
    ...spec.extraAddresses,
  ];
  return {
    Name: person.name,
    Alias: person.alias,
    DisplayName: `${person.firstName} ${person.lastName}`,
    Identity: spec.inactive ? `Soft Deleted Objects\\${person.name}` : person.name,
    Guid: objectGuid,
    ExchangeObjectId: objectGuid,
    ExchangeGuid: spec.exchangeGuid,
    DistinguishedName: buildDistinguishedName(naming, person.name, spec.inactive),
    LegacyExchangeDN: buildLegacyExchangeDN(prng, person.alias),
    PrimarySmtpAddress: spec.primarySmtpAddress,
    UserPrincipalName: spec.userPrincipalName,
    EmailAddresses: [...new Set(emailAddresses)],
    RecipientTypeDetails: spec.recipientTypeDetails,
    IsInactiveMailbox: spec.inactive,
    IsSoftDeletedByRemove: spec.inactive,
    WhenCreated: spec.whenCreated,
    WhenSoftDeleted: spec.whenSoftDeleted,
    ExternalDirectoryObjectId: spec.externalDirectoryObjectId,
    MailboxLocations: locations,
    ...spec.holds,
    RetentionHoldEnabled: false,
    IsDirSynced: spec.isDirSynced,
    ArchiveStatus: spec.archive === 'none' ? 'None' : 'Active',
    ArchiveGuid: archiveGuid,
    AutoExpandingArchiveEnabled: spec.archive === 'auto-expanded',
  };
}
