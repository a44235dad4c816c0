import type { BulkOperationItem } from '../model.ts';
import type { MailboxRecord } from '../tenant-ports.ts';
import type { IssueSeverity, ValidationIssue } from '../validation-issue.ts';

/** The verdicts of the tenant pre-flight, as cards and CSVs show them (DOMAIN.md). */
export const PREFLIGHT_CODES = {
  sourceNotFound: 'SOURCE_NOT_FOUND',
  /** Ours: one of our own jobs already recovered this source (issue 13); names the job and what is missing. */
  sourceRecoveredByUs: 'SOURCE_RECOVERED_BY_US',
  sourceNotInactive: 'SOURCE_NOT_INACTIVE',
  sourceAmbiguous: 'SOURCE_AMBIGUOUS',
  softDeletedUnder30Days: 'SOFT_DELETED_UNDER_30_DAYS',
  auxPrimaryShard: 'AUX_PRIMARY_SHARD',
  autoExpandingArchive: 'AUTO_EXPANDING_ARCHIVE',
  targetUpnInUse: 'TARGET_UPN_IN_USE',
  targetSmtpInUse: 'TARGET_SMTP_IN_USE',
  nameInUse: 'NAME_IN_USE',
  domainNotAccepted: 'DOMAIN_NOT_ACCEPTED',
  noLicenseAvailable: 'NO_LICENSE_AVAILABLE',
  /** Ours, beyond DOMAIN.md's table: Graph licenses only users with a usage location. */
  usageLocationRequired: 'USAGE_LOCATION_REQUIRED',
  targetMailboxNotFound: 'TARGET_MAILBOX_NOT_FOUND',
  targetIsInactive: 'TARGET_IS_INACTIVE',
  /**
   * Ours: the restore target is a mail user (no Exchange Online mailbox): an error unless the row restores into
   * its cloud-based archive (preflight/mail-user-target.ts), a warning then.
   */
  targetIsMailUser: 'TARGET_IS_MAIL_USER',
  targetSyncedX500Required: 'TARGET_SYNCED_X500_REQUIRED',
  restoreAlreadyExists: 'RESTORE_ALREADY_EXISTS',
  /** Ours: an unfinished request copies some mailbox into the target; its source is checked before submitting. */
  targetHasUnfinishedRestore: 'TARGET_HAS_UNFINISHED_RESTORE',
  holdsPresent: 'HOLDS_PRESENT',
  sourceBySmtp: 'SOURCE_BY_SMTP',
  /** File-level (ISSUE_TEMPORARY_ACCESS_PASS=true): the tenant's TAP policy would refuse every pass. */
  tapPolicyDisabled: 'TAP_POLICY_DISABLED',
  tapPolicyNotAllUsers: 'TAP_POLICY_NOT_ALL_USERS',
  tapLifetimeOutsidePolicy: 'TAP_LIFETIME_OUTSIDE_POLICY',
  /** Ours: a soft-deleted recipient (not an inactive mailbox) already holds the address the recovery will use. */
  targetSmtpHeldBySoftDeleted: 'TARGET_SMTP_HELD_BY_SOFT_DELETED',
  /** Ours: without target_smtp, Exchange sets the recovered mailbox's primary address from the UPN. */
  primarySmtpFromUpn: 'PRIMARY_SMTP_FROM_UPN',
} as const;

export function rowIssue(
  item: Readonly<BulkOperationItem>,
  column: string | null,
  code: string,
  severity: IssueSeverity,
  message: string,
): ValidationIssue {
  return { row: item.rowNumber, column, code, severity, message };
}

/** How messages name an inactive mailbox: by name when it has one (the row and its cells already say which GUID). */
export function describeMailbox(mailbox: Pick<MailboxRecord, 'displayName' | 'exchangeGuid'>): string {
  return mailbox.displayName
    ? `the inactive mailbox '${mailbox.displayName}'`
    : `the inactive mailbox ${mailbox.exchangeGuid}`;
}

export function hasMailboxLocation(mailbox: Pick<MailboxRecord, 'mailboxLocations'>, kind: string): boolean {
  const wanted = kind.toLowerCase();
  return mailbox.mailboxLocations.some((location) =>
    location
      .split(';')
      .map((part) => part.trim().toLowerCase())
      .includes(wanted),
  );
}

/** Messages start with a capital: `describeMailbox` is written to sit mid-sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
