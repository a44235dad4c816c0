/**
 * Who already holds an SMTP address, across every Exchange recipient type: one Get-Recipient call per chunk
 * of addresses, with an OPATH filter on EmailAddresses. Microsoft's own answer to "The proxy address
 * "SMTP:alias@domain.com" is already being used…" is that "the email address you chose is already taken by
 * another email-enabled object" and to look it up with `Get-EXORecipient -Filter "EmailAddresses -eq '…'"`
 * (MicrosoftDocs OfficeDocs-AlchemyInsights, AlchemyInsights/proxy-address-error-while-creating-a-shared-mailbox.md,
 * stored as e.g. isabella232/OfficeDocs-AlchemyInsights-pr.nb-NO). Get-Recipient, not Get-EXORecipient: the
 * latter "is available only in the Exchange Online PowerShell module"
 * (https://learn.microsoft.com/powershell/module/exchangepowershell/get-exorecipient, Synopsis), while
 * Get-Recipient runs through InvokeCommand (KelvinTegelaar/CIPP-API Modules/CIPPCore/Public/Entrypoints/HTTP Functions/
 * Email-Exchange/Administration/Contacts/Invoke-ListContacts.ps1 calls it with -RecipientTypeDetails and a
 * select list). Get-Mailbox -SoftDeletedMailbox also exists, but sees mailboxes only; Get-Recipient's
 * -IncludeSoftDeletedRecipients covers every type
 * (https://learn.microsoft.com/powershell/module/exchangepowershell/get-recipient, -IncludeSoftDeletedRecipients;
 * https://learn.microsoft.com/powershell/module/exchangepowershell/get-mailbox, -SoftDeletedMailbox).
 */
import type { RecipientRecord } from '../../operations/tenant-ports.ts';
import { mapRecipient, RECIPIENT_PROPERTIES } from './exchange-mappers.ts';
import type { InvokeCommandClient } from './invoke-command-client.ts';

/**
 * Addresses per Get-Recipient call; the same 20 as a Graph `$batch`, so pre-flight spends ⌈N/20⌉ calls here.
 * No public source found for a maximum -Filter length; assumption: 20 terms (≈1 KB) are well within it.
 */
export const ADDRESSES_PER_RECIPIENT_CALL = 20;

/**
 * Every -RecipientTypeDetails value the Get-Recipient page lists. Passing them matters twice: "In cloud
 * environments, to return Microsoft 365 Groups, you need to use the RecipientTypeDetails parameter with the
 * value GroupMailbox", and -IncludeSoftDeletedRecipients only works "with the Identity or
 * RecipientTypeDetails parameters" — https://learn.microsoft.com/powershell/module/exchangepowershell/get-recipient
 * (Description; -IncludeSoftDeletedRecipients; -RecipientTypeDetails).
 */
export const ALL_RECIPIENT_TYPE_DETAILS = [
  'DiscoveryMailbox',
  'DynamicDistributionGroup',
  'EquipmentMailbox',
  'GroupMailbox',
  'GuestMailUser',
  'LegacyMailbox',
  'LinkedMailbox',
  'LinkedRoomMailbox',
  'MailContact',
  'MailForestContact',
  'MailNonUniversalGroup',
  'MailUniversalDistributionGroup',
  'MailUniversalSecurityGroup',
  'MailUser',
  'PublicFolder',
  'PublicFolderMailbox',
  'RemoteEquipmentMailbox',
  'RemoteRoomMailbox',
  'RemoteSharedMailbox',
  'RemoteTeamMailbox',
  'RemoteUserMailbox',
  'RoomList',
  'RoomMailbox',
  'SchedulingMailbox',
  'SharedMailbox',
  'SharedWithMailUser',
  'TeamMailbox',
  'UserMailbox',
] as const;

/**
 * `EmailAddresses -eq 'a' -or EmailAddresses -eq 'b'`. A complete address matches whether it is held as
 * `SMTP:` (primary) or `smtp:`, so one term per address covers both forms — "When you use a complete email
 * address, you don't need to account for the smtp: prefix" (https://learn.microsoft.com/powershell/exchange/filter-properties,
 * section EmailAddresses). A quote inside a value is doubled (https://learn.microsoft.com/powershell/exchange/recipient-filters,
 * "Additional OPATH syntax information").
 */
export function buildEmailAddressFilter(addresses: readonly string[]): string {
  return addresses.map((address) => `EmailAddresses -eq '${address.replace(/'/g, "''")}'`).join(' -or ');
}

/**
 * Whether the recipient holds the address. Case-insensitive: proxyAddresses has attribute syntax 2.5.5.12
 * (MS-ADA3 2.169, https://learn.microsoft.com/openspecs/windows_protocols/ms-ada3/3864eaa9-9402-4a5a-9af9-75dabbb8af1a),
 * a case-ignore string (https://learn.microsoft.com/windows/win32/adsi/mapping-active-directory-syntax-to-adsi-syntax).
 */
export function holdsAddress(
  recipient: Pick<RecipientRecord, 'emailAddresses' | 'primarySmtpAddress'>,
  address: string,
) {
  const wanted = address.trim().toLowerCase();
  return (
    recipient.primarySmtpAddress.toLowerCase() === wanted ||
    recipient.emailAddresses.some((entry) => /^smtp:/i.test(entry) && entry.slice(5).toLowerCase() === wanted)
  );
}

export async function findRecipientsByAddress(
  client: Pick<InvokeCommandClient, 'invoke'>,
  addresses: readonly string[],
): Promise<Map<string, RecipientRecord[]>> {
  const found = new Map(addresses.map((address): [string, RecipientRecord[]] => [address, []]));
  const distinct = [...new Set(addresses.map((address) => address.trim().toLowerCase()))].filter(Boolean);
  const chunks: string[][] = [];
  for (let start = 0; start < distinct.length; start += ADDRESSES_PER_RECIPIENT_CALL) {
    chunks.push(distinct.slice(start, start + ADDRESSES_PER_RECIPIENT_CALL));
  }
  const answers = await Promise.all(
    chunks.map((chunk) =>
      client.invoke(
        'Get-Recipient',
        {
          Filter: buildEmailAddressFilter(chunk),
          RecipientTypeDetails: [...ALL_RECIPIENT_TYPE_DETAILS],
          IncludeSoftDeletedRecipients: true,
          ResultSize: 'Unlimited',
        },
        { select: RECIPIENT_PROPERTIES },
      ),
    ),
  );
  const recipients = answers.flatMap((answer) => answer.value.map(mapRecipient));
  for (const [address, holders] of found) {
    holders.push(...recipients.filter((recipient) => holdsAddress(recipient, address)));
  }
  return found;
}
