/** Which Exchange recipients really stand in the way of a recovered mailbox's address, and how to name them. */
import type { RecipientRecord } from '../tenant-ports.ts';
import { guidKey, identityKey } from './item-fields.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

export interface AddressHolders {
  /** Live recipients: Exchange refuses the address while one of them holds it. */
  live: RecipientRecord[];
  /** Soft-deleted recipients that are not inactive mailboxes. */
  softDeleted: RecipientRecord[];
}

/**
 * Splits the holders of an address. Inactive mailboxes are left out: "it's possible that an active and an
 * inactive mailbox might have the same primary SMTP address" (https://learn.microsoft.com/purview/recover-an-inactive-mailbox,
 * "Recover inactive mailboxes", step 1) — and the row's own source keeps its address anyway. Whether a
 * soft-deleted mailbox blocks New-Mailbox: no public source found; assumption: it does not (like an inactive
 * one), so it is a warning, not an error.
 */
export function classifyAddressHolders(holders: readonly RecipientRecord[], snapshot: TenantSnapshot): AddressHolders {
  const others = holders.filter((holder) => !isInactiveMailbox(holder, snapshot));
  return {
    live: others.filter((holder) => !isSoftDeleted(holder)),
    softDeleted: others.filter(isSoftDeleted),
  };
}

function isInactiveMailbox(holder: RecipientRecord, snapshot: TenantSnapshot): boolean {
  return (
    (holder.exchangeGuid !== '' && snapshot.inactiveByGuid.has(guidKey(holder.exchangeGuid))) ||
    (holder.distinguishedName !== '' && snapshot.inactiveByDn.has(identityKey(holder.distinguishedName)))
  );
}

/**
 * A deleted mailbox "is hidden in Exchange and moved in Active Directory to the organizational unit (OU) Soft
 * Deleted Objects" (https://learn.microsoft.com/powershell/module/exchangepowershell/undo-softdeletedmailbox,
 * Description); WhenSoftDeleted is what Get-Mailbox -SoftDeletedMailbox callers read (KelvinTegelaar/CIPP-API
 * Modules/CIPPCore/Public/Alerts/Get-CIPPAlertSoftDeletedMailboxes.ps1). Either one marks it.
 */
function isSoftDeleted(holder: RecipientRecord): boolean {
  return holder.whenSoftDeleted !== null || /,OU=Soft Deleted Objects,/i.test(holder.distinguishedName);
}

/** `the mail contact 'Ann (Fabrikam)'`: what the admin would look for in the Exchange admin center. */
export function describeRecipient(holder: RecipientRecord): string {
  const label = holder.displayName || holder.name || holder.primarySmtpAddress;
  return `the ${kindOf(holder.recipientTypeDetails)} '${label}'`;
}

function kindOf(recipientTypeDetails: string): string {
  const type = recipientTypeDetails.toLowerCase();
  if (type === 'groupmailbox') return 'Microsoft 365 group';
  if (type.includes('contact')) return 'mail contact';
  if (type.includes('mailuser')) return 'mail user';
  if (type.includes('group') || type === 'roomlist') return 'distribution group';
  if (type === 'publicfolder') return 'mail-enabled public folder';
  if (type === 'sharedmailbox') return 'shared mailbox';
  if (type.includes('mailbox')) return 'mailbox';
  return 'recipient';
}
