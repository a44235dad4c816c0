/**
 * `Get-Recipient`: "returns all mail-enabled objects (for example, mailboxes, mail users, mail contacts, and
 * distribution groups)" — https://learn.microsoft.com/powershell/module/exchangepowershell/get-recipient
 * (Description). Here: the fixture's mailboxes seen as recipients, plus its `recipients`.
 */
import type { FixtureMailbox, FixtureRecipient } from '../fixture-types.ts';
import { matchesMailboxIdentity } from '../mailbox-identity.ts';
import type { TenantState } from '../tenant-state.ts';
import type { CmdletDefinition, CmdletParameters, ExchangeObject } from './cmdlet-types.ts';
import { exchangeErrors } from './exchange-errors.ts';
import { limitResults, readResultSize } from './get-mailbox.ts';
import { holdsAnyAddress, parseAddressFilter } from './recipient-filter.ts';

interface Candidate {
  object: ExchangeObject;
  emailAddresses: string[];
  recipientTypeDetails: string;
  softDeleted: boolean;
  matchesIdentity(identity: string): boolean;
}

/**
 * A mailbox as Get-Recipient prints it. ExternalDirectoryObjectId, Name, RecipientType and
 * RecipientTypeDetails are Get-EXORecipient's Minimum property set
 * (https://learn.microsoft.com/powershell/exchange/cmdlet-property-sets, "Get-EXORecipient property sets");
 * the address and identity properties carry the mailbox's own values. An inactive mailbox is a soft-deleted
 * one ("An inactive mailbox (which is a type of soft-deleted mailbox)",
 * https://learn.microsoft.com/purview/recover-an-inactive-mailbox).
 */
function fromMailbox(mailbox: FixtureMailbox): Candidate {
  const object: ExchangeObject = {
    Name: mailbox.Name,
    DisplayName: mailbox.DisplayName,
    Alias: mailbox.Alias,
    Identity: mailbox.Identity ?? mailbox.Name,
    Guid: mailbox.Guid ?? mailbox.ExchangeObjectId ?? null,
    ExchangeGuid: mailbox.ExchangeGuid,
    DistinguishedName: mailbox.DistinguishedName,
    ExternalDirectoryObjectId: mailbox.ExternalDirectoryObjectId ?? '',
    PrimarySmtpAddress: mailbox.PrimarySmtpAddress,
    EmailAddresses: [...mailbox.EmailAddresses],
    RecipientType: 'UserMailbox',
    RecipientTypeDetails: mailbox.RecipientTypeDetails,
    WhenSoftDeleted: mailbox.WhenSoftDeleted,
  };
  return {
    object,
    emailAddresses: mailbox.EmailAddresses,
    recipientTypeDetails: mailbox.RecipientTypeDetails,
    softDeleted: mailbox.IsInactiveMailbox || mailbox.WhenSoftDeleted !== null,
    matchesIdentity: (identity) => matchesMailboxIdentity(mailbox, identity),
  };
}

function fromRecipient(recipient: FixtureRecipient): Candidate {
  const keys = ['Name', 'Alias', 'Identity', 'DistinguishedName', 'ExchangeGuid', 'Guid', 'PrimarySmtpAddress'];
  return {
    object: structuredClone(recipient),
    emailAddresses: recipient.EmailAddresses,
    recipientTypeDetails: recipient.RecipientTypeDetails,
    softDeleted: recipient.WhenSoftDeleted !== null,
    matchesIdentity: (identity) => {
      const wanted = identity.trim().toLowerCase();
      return (
        keys.some((key) => String(recipient[key] ?? '').toLowerCase() === wanted) ||
        holdsAnyAddress(recipient.EmailAddresses, new Set([wanted.replace(/^smtp:/, '')]))
      );
    },
  };
}

function readTypes(params: CmdletParameters): Set<string> | undefined {
  const value = params.raw('RecipientTypeDetails');
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : String(value).split(',');
  return new Set(list.map((entry) => String(entry).trim().toLowerCase()));
}

function listCandidates(state: TenantState, params: CmdletParameters, types: Set<string> | undefined): Candidate[] {
  // "Use this switch with the Identity or RecipientTypeDetails parameters to get the SoftDeletedRecipients"
  // (Get-Recipient, -IncludeSoftDeletedRecipients): the switch alone does not bring them back.
  const withSoftDeleted =
    params.switch('IncludeSoftDeletedRecipients') && (params.has('Identity') || types !== undefined);
  // "In cloud environments, to return Microsoft 365 Groups, you need to use the RecipientTypeDetails
  // parameter with the value GroupMailbox" (Get-Recipient, Description).
  const withGroupMailboxes = types?.has('groupmailbox') ?? false;
  return [...state.mailboxes.map(fromMailbox), ...state.recipients.map(fromRecipient)].filter(
    (candidate) =>
      (withSoftDeleted || !candidate.softDeleted) &&
      (withGroupMailboxes || candidate.recipientTypeDetails.toLowerCase() !== 'groupmailbox') &&
      (!types || types.has(candidate.recipientTypeDetails.toLowerCase())),
  );
}

export const getRecipient: CmdletDefinition = {
  name: 'Get-Recipient',
  kind: 'read',
  parameters: ['Identity', 'Filter', 'IncludeSoftDeletedRecipients', 'RecipientTypeDetails', 'ResultSize'],
  run(params, { state, warnings }) {
    const resultSize = readResultSize(params);
    let matches = listCandidates(state, params, readTypes(params));
    const identity = params.string('Identity');
    if (identity !== undefined) {
      matches = matches.filter((candidate) => candidate.matchesIdentity(identity));
      if (matches.length === 0) throw exchangeErrors.objectNotFound(identity, state.domainController);
    }
    const filter = params.string('Filter');
    if (filter !== undefined) {
      const wanted = new Set(parseAddressFilter(filter));
      matches = matches.filter((candidate) => holdsAnyAddress(candidate.emailAddresses, wanted));
    }
    return limitResults(matches, resultSize, params, warnings).map((candidate) => structuredClone(candidate.object));
  },
};
