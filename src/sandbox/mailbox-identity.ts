/** How Exchange resolves an -Identity value to a mailbox: by any of its unique identifiers, case-insensitively. */
import type { FixtureMailbox, FixtureRecipient } from './fixture-types.ts';

const IDENTITY_PROPERTIES = [
  'ExchangeGuid',
  'Guid',
  'ExchangeObjectId',
  'ExternalDirectoryObjectId',
  'DistinguishedName',
  'LegacyExchangeDN',
  'UserPrincipalName',
  'PrimarySmtpAddress',
  'Alias',
  'Name',
  'Identity',
] as const;

/** `smtp:a@b` → `a@b`; other prefixes (X500:) are kept, since they are part of the address. */
export function stripSmtpPrefix(address: string): string {
  return /^smtp:/i.test(address) ? address.slice(5) : address;
}

export function matchesMailboxIdentity(mailbox: FixtureMailbox, identity: string): boolean {
  const wanted = stripSmtpPrefix(identity.trim()).toLowerCase();
  if (wanted === '') return false;
  const matchesProperty = IDENTITY_PROPERTIES.some((property) => {
    const value = mailbox[property];
    return typeof value === 'string' && value !== '' && value.toLowerCase() === wanted;
  });
  return (
    matchesProperty ||
    mailbox.EmailAddresses.some((address) => /^smtp:/i.test(address) && address.slice(5).toLowerCase() === wanted)
  );
}

const RECIPIENT_IDENTITY_PROPERTIES = [
  'Name',
  'Alias',
  'Identity',
  'DistinguishedName',
  'LegacyExchangeDN',
  'ExchangeGuid',
  'Guid',
  'ExternalDirectoryObjectId',
  'UserPrincipalName',
  'PrimarySmtpAddress',
] as const;

/** A recipient answers to the same kinds of identity as a mailbox, and to each of its `smtp:` addresses. */
export function matchesRecipientIdentity(recipient: FixtureRecipient, identity: string): boolean {
  const wanted = stripSmtpPrefix(identity.trim()).toLowerCase();
  if (wanted === '') return false;
  return (
    RECIPIENT_IDENTITY_PROPERTIES.some((property) => {
      const value = recipient[property];
      return typeof value === 'string' && value !== '' && value.toLowerCase() === wanted;
    }) ||
    recipient.EmailAddresses.some((address) => /^smtp:/i.test(address) && address.slice(5).toLowerCase() === wanted)
  );
}

/** Get-MailUser's objects: mail users and guest mail users. */
export function isMailUser(recipient: FixtureRecipient): boolean {
  return ['mailuser', 'guestmailuser'].includes(recipient.RecipientTypeDetails.toLowerCase());
}
