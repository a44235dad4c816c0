/**
 * `Get-MailUser` and `Set-MailUser -EmailAddresses`. The fixture's mail users are its `recipients` whose
 * RecipientTypeDetails is MailUser (or GuestMailUser); Get-MailUser prints them as they are given, so a mail user
 * carries what Exchange Online shows for one: ExchangeGuid, LegacyExchangeDN, EmailAddresses, IsDirSynced, and its
 * cloud-based archive's ArchiveStatus / ArchiveGuid (Learn "Create a cloud-based archive for an on-premises primary
 * mailbox in an Exchange hybrid deployment", MicrosoftDocs/OfficeDocs-Exchange
 * Exchange/ExchangeHybrid/hybrid-deployment/create-cloud-based-archive.md, Step 2).
 */
import type { FixtureRecipient } from '../fixture-types.ts';
import { isMailUser } from '../mailbox-identity.ts';
import type { TenantState } from '../tenant-state.ts';
import type { CmdletDefinition } from './cmdlet-types.ts';
import { exchangeErrors } from './exchange-errors.ts';
import { readResultSize } from './get-mailbox.ts';
import { changeEmailAddresses } from './set-mailbox.ts';

/** The one live mail user an identity names, or the error Exchange gives when it names none or several. */
export function resolveSingleMailUser(state: TenantState, identity: string): FixtureRecipient {
  const matches = state.findMailUsers(identity);
  if (matches.length === 0) throw exchangeErrors.objectNotFound(identity, state.domainController);
  if (matches.length > 1) throw exchangeErrors.ambiguous(identity);
  return matches[0] as FixtureRecipient;
}

export const getMailUser: CmdletDefinition = {
  name: 'Get-MailUser',
  kind: 'read',
  parameters: ['Identity', 'ResultSize'],
  run(params, { state }) {
    const identity = params.string('Identity');
    if (identity !== undefined) return [structuredClone(resolveSingleMailUser(state, identity))];
    const live = state.recipients.filter((recipient) => isMailUser(recipient) && recipient.WhenSoftDeleted === null);
    return live.slice(0, readResultSize(params)).map((recipient) => structuredClone(recipient));
  },
};

export const setMailUser: CmdletDefinition = {
  name: 'Set-MailUser',
  kind: 'write',
  parameters: ['Identity', 'EmailAddresses'],
  required: ['Identity'],
  describeTarget: (params) => params.string('Identity') ?? '',
  run(params, { state, warnings }) {
    const identity = params.requireString('Identity');
    const mailUser = resolveSingleMailUser(state, identity);
    changeEmailAddresses(state, mailUser, params.raw('EmailAddresses'), identity, warnings);
    return [];
  },
};
