/**
 * A restore target that is a mail user. New-MailboxRestoreRequest's -TargetMailbox "specifies the GUID of the target
 * mailbox or mail user where you want to restore content to", in Exchange Online too
 * (https://learn.microsoft.com/powershell/module/exchangepowershell/new-mailboxrestorerequest, -TargetMailbox). But
 * "Mail users … don't have Exchange mailboxes" (https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailuser,
 * Synopsis) and the cmdlet copies "into a connected primary or archive mailbox" (New-MailboxRestoreRequest,
 * Synopsis). What Exchange Online can hold for a mail user is the cloud-based archive of a hybrid user whose
 * mailbox is on-premises: ArchiveStatus `Active` with an ArchiveGuid (Learn "Create a cloud-based archive for an
 * on-premises primary mailbox in an Exchange hybrid deployment", MicrosoftDocs/OfficeDocs-Exchange
 * Exchange/ExchangeHybrid/hybrid-deployment/create-cloud-based-archive.md, Step 2). So a mail user takes a restore
 * into that archive (target_is_archive) and nothing else.
 */
import type { MailUserRecord, RecipientRecord } from '../tenant-ports.ts';

/** Get-MailUser's kinds of object: mail users, and guest users (Learn Get-MailUser, Synopsis). */
const MAIL_USER_TYPES = new Set(['mailuser', 'guestmailuser']);

export function isMailUserRecipient(recipient: Pick<RecipientRecord, 'recipientTypeDetails'>): boolean {
  return MAIL_USER_TYPES.has(recipient.recipientTypeDetails.toLowerCase());
}

function hasCloudArchive(mailUser: Pick<MailUserRecord, 'archiveStatus' | 'archiveGuid'>): boolean {
  return mailUser.archiveStatus.toLowerCase() === 'active' && mailUser.archiveGuid !== '';
}

/**
 * Why this mail user cannot take the row's restore, in one sentence; `undefined` when it can. `mailUser` is left
 * out where its archive has not been read (pre-flight): then only the primary-mailbox case is refused.
 */
export function refuseMailUserTarget(
  target: string,
  intoArchive: boolean,
  mailUser?: Pick<MailUserRecord, 'archiveStatus' | 'archiveGuid'>,
): string | undefined {
  if (!intoArchive) {
    return `The target ${target} is a mail user, not a mailbox: its mailbox is outside Exchange Online, which holds only its cloud-based archive; restore into that archive (target_is_archive true) or choose a mailbox.`;
  }
  if (mailUser && !hasCloudArchive(mailUser)) {
    return `The target ${target} is a mail user, not a mailbox, and has no cloud-based archive in Exchange Online (ArchiveStatus ${mailUser.archiveStatus}): choose a mailbox, or give the user a cloud-based archive first.`;
  }
  return undefined;
}
