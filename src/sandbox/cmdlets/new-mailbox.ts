/**
 * `New-Mailbox -InactiveMailbox`: recovers an inactive mailbox into a new active mailbox and a new Entra
 * user. The inactive mailbox is gone afterwards. The Password is read only to be dropped: never stored.
 */
import { formatExchangeDate } from '../exchange-values.ts';
import { buildLegacyExchangeDN } from '../fixture-mailbox-builder.ts';
import type { FixtureMailbox, FixtureUser } from '../fixture-types.ts';
import type { TenantState } from '../tenant-state.ts';
import type { CmdletDefinition, CmdletParameters } from './cmdlet-types.ts';
import { exchangeErrors } from './exchange-errors.ts';
import { resolveSingleMailbox } from './resolve-mailbox.ts';

const RETENTION_HOLD_DAYS = 30;

function checkRecoverable(source: FixtureMailbox, identity: string): void {
  if (source.ExternalDirectoryObjectId) {
    throw exchangeErrors.userStillSoftDeleted(identity, source.ExternalDirectoryObjectId);
  }
  if (source.MailboxLocations.some((location) => location.split(';')[2] === 'AuxPrimary')) {
    throw exchangeErrors.additionalShards(identity);
  }
}

function checkAddressFree(state: TenantState, address: string): void {
  const domain = address.split('@')[1] ?? '';
  if (!state.isAcceptedDomain(domain)) throw exchangeErrors.domainNotAccepted(address, domain);
  const owner = state.findProxyAddressOwner(`smtp:${address}`);
  if (owner) throw exchangeErrors.proxyAddressInUse(`SMTP:${address}`, owner);
}

function chooseAlias(state: TenantState, requested: string | undefined, upn: string): string {
  const base = requested ?? (upn.split('@')[0] ?? upn).replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/g, '');
  let alias = base;
  for (let n = 2; state.mailboxes.some((m) => m.Alias.toLowerCase() === alias.toLowerCase()); n += 1)
    alias = `${base}${n}`;
  return alias;
}

function buildRecoveredMailbox(state: TenantState, source: FixtureMailbox, params: CmdletParameters): FixtureMailbox {
  const name = params.requireString('Name');
  const upn = params.requireString('MicrosoftOnlineServicesID');
  // "The primary SMTP address for the recovered inactive mailbox will have the same value as the one specified
  // by the MicrosoftOnlineServicesID parameter" (https://learn.microsoft.com/purview/recover-an-inactive-mailbox,
  // "Recover inactive mailboxes"); -PrimarySmtpAddress "specifies the primary return email address that's used
  // for the recipient" (https://learn.microsoft.com/powershell/module/exchangepowershell/new-mailbox).
  const primary = params.string('PrimarySmtpAddress') ?? upn;
  const alias = chooseAlias(state, params.string('Alias'), upn);
  const guid = state.prng.guid();
  const objectId = state.prng.guid();
  const now = state.now();
  const locations = source.MailboxLocations.filter((location) => !/;(Primary|AuxPrimary);/.test(location));
  const database = source.MailboxLocations[0]?.split(';')[4] ?? state.prng.guid();
  return {
    ...structuredClone(source),
    Name: name,
    Alias: alias,
    DisplayName: params.string('DisplayName') ?? name,
    Identity: name,
    Guid: objectId,
    ExchangeObjectId: objectId,
    ExchangeGuid: guid,
    DistinguishedName: source.DistinguishedName.replace(/^CN=.*?,OU=Soft Deleted Objects,/, `CN=${name},`),
    LegacyExchangeDN: buildLegacyExchangeDN(state.prng, alias),
    PrimarySmtpAddress: primary,
    UserPrincipalName: upn,
    // The old LegacyExchangeDN rides along as an X500 so replies to old mail still resolve (sandbox assumption).
    EmailAddresses: [`SMTP:${primary}`, `smtp:${alias}@${state.initialDomain}`, `X500:${source.LegacyExchangeDN}`],
    IsInactiveMailbox: false,
    IsSoftDeletedByRemove: false,
    WhenCreated: formatExchangeDate(now),
    WhenSoftDeleted: null,
    ExternalDirectoryObjectId: state.prng.guid(),
    MailboxLocations: [`1;${guid};Primary;${state.initialDomain};${database}`, ...locations],
    LitigationHoldEnabled: false,
    InPlaceHolds: [],
    ComplianceTagHoldApplied: false,
    DelayHoldApplied: false,
    DelayReleaseHoldApplied: false,
    RetentionHoldEnabled: true,
    EndDateForRetentionHold: formatExchangeDate(now + RETENTION_HOLD_DAYS * 86_400_000),
    IsDirSynced: false,
    RecipientTypeDetails: 'UserMailbox',
  };
}

function buildRecoveredUser(mailbox: FixtureMailbox, params: CmdletParameters): FixtureUser {
  return {
    id: mailbox.ExternalDirectoryObjectId ?? '',
    userPrincipalName: mailbox.UserPrincipalName,
    displayName: mailbox.DisplayName,
    givenName: params.string('FirstName') ?? null,
    surname: params.string('LastName') ?? null,
    mail: mailbox.PrimarySmtpAddress,
    proxyAddresses: [...mailbox.EmailAddresses],
    onPremisesSyncEnabled: null,
    usageLocation: null,
    assignedLicenses: [],
    accountEnabled: true,
  };
}

export const newMailbox: CmdletDefinition = {
  name: 'New-Mailbox',
  kind: 'write',
  parameters: [
    'InactiveMailbox',
    'Name',
    'FirstName',
    'LastName',
    'DisplayName',
    'MicrosoftOnlineServicesID',
    'Password',
    'ResetPasswordOnNextLogon',
    'PrimarySmtpAddress',
    'Alias',
  ],
  required: ['InactiveMailbox', 'Name', 'MicrosoftOnlineServicesID'],
  describeTarget: (params) => params.string('InactiveMailbox') ?? '',
  run(params, { state, userProvisioningDelayMs }) {
    const identity = params.requireString('InactiveMailbox');
    const source = resolveSingleMailbox(state, identity, 'inactive');
    checkRecoverable(source, identity);
    const upn = params.requireString('MicrosoftOnlineServicesID');
    const upnDomain = upn.split('@')[1] ?? '';
    if (!state.isAcceptedDomain(upnDomain)) throw exchangeErrors.domainNotAccepted(upn, upnDomain);
    if (state.isUpnTaken(upn)) throw exchangeErrors.upnInUse(upn);
    const name = params.requireString('Name');
    // Only active objects hold a Name here: the recover doc lets a returning employee reuse the original ID and
    // the documented clash is with an active object (MicrosoftDocs/microsoft-365-docs issue #2814); inactive
    // mailboxes sit under "Soft Deleted Objects" ("Delete an inactive mailbox", More information). That another
    // inactive mailbox's Name does not block either has no public source (assumption).
    if (state.listMailboxes('active').some((m) => m.Name.toLowerCase() === name.toLowerCase())) {
      throw exchangeErrors.nameInUse(name);
    }
    checkAddressFree(state, params.string('PrimarySmtpAddress') ?? upn);
    const mailbox = buildRecoveredMailbox(state, source, params);
    const statistics = state.findStatistics(source);
    if (statistics) {
      state.statistics.delete(source.ExchangeGuid.toLowerCase());
      state.statistics.set(mailbox.ExchangeGuid.toLowerCase(), { ...statistics, MailboxGuid: mailbox.ExchangeGuid });
    }
    state.replaceMailbox(source, mailbox);
    state.addUser(buildRecoveredUser(mailbox, params), userProvisioningDelayMs);
    return [structuredClone(mailbox)];
  },
};
