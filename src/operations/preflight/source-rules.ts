import type { BulkOperationItem, BulkOperationType, ItemError } from '../model.ts';
import type { MailboxRecord } from '../tenant-ports.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { formatHolds } from './describe-holds.ts';
import { COLUMNS } from './item-fields.ts';
import { capitalise, describeMailbox, hasMailboxLocation, PREFLIGHT_CODES, rowIssue } from './preflight-codes.ts';
import { resolveSource } from './resolve-source.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

export interface SourceCheck {
  issues: ValidationIssue[];
  /** The inactive mailbox the row names, when exactly one was found. */
  mailbox: MailboxRecord | null;
}

/** Finds the row's inactive mailbox and says what stands in the way of the operation on it. */
export function checkSource(
  item: Readonly<BulkOperationItem>,
  type: BulkOperationType,
  snapshot: TenantSnapshot,
): SourceCheck {
  const source = item.sourceIdentity.trim();
  const column = COLUMNS.source;
  const resolution = resolveSource(source, snapshot);
  switch (resolution.kind) {
    case 'not_found': {
      const message = notFoundMessage(source, resolution.identityKind);
      return { mailbox: null, issues: [rowIssue(item, column, PREFLIGHT_CODES.sourceNotFound, 'error', message)] };
    }
    case 'active': {
      const message = `The address ${source} belongs to the active user ${resolution.user.userPrincipalName}, not to an inactive mailbox.`;
      return { mailbox: null, issues: [rowIssue(item, column, PREFLIGHT_CODES.sourceNotInactive, 'error', message)] };
    }
    case 'active_mailbox': {
      const message = activeMailboxMessage(source, resolution.mailbox);
      return { mailbox: null, issues: [rowIssue(item, column, PREFLIGHT_CODES.sourceNotInactive, 'error', message)] };
    }
    case 'ambiguous': {
      const guids = resolution.mailboxes.map((mailbox) => mailbox.exchangeGuid).join(', ');
      const message = `The address ${source} matches ${resolution.mailboxes.length} inactive mailboxes (${guids}); name the source by its ExchangeGuid instead.`;
      return { mailbox: null, issues: [rowIssue(item, column, PREFLIGHT_CODES.sourceAmbiguous, 'error', message)] };
    }
    case 'inactive': {
      const { mailbox } = resolution;
      const issues: ValidationIssue[] = [];
      if (resolution.byAddress) {
        const message = `The source is named by the address ${source}; use its ExchangeGuid ${mailbox.exchangeGuid} instead, because an active and an inactive mailbox can share an address.`;
        issues.push(rowIssue(item, column, PREFLIGHT_CODES.sourceBySmtp, 'warning', message));
      }
      issues.push(...operationIssues(item, type, mailbox));
      return { mailbox, issues };
    }
  }
}

/** Why an inactive mailbox cannot be recovered into a new mailbox (it may still be restored). */
export function recoveryBlockers(mailbox: MailboxRecord): ItemError[] {
  const blockers: ItemError[] = [];
  if (mailbox.externalDirectoryObjectId) {
    blockers.push({
      code: PREFLIGHT_CODES.softDeletedUnder30Days,
      message: `The user of ${describeMailbox(mailbox)} was deleted less than 30 days ago (directory object ${mailbox.externalDirectoryObjectId}); restore that user in Microsoft Entra ID instead of recovering the mailbox.`,
    });
  }
  if (hasAutoExpandingArchive(mailbox)) {
    blockers.push(autoExpandingArchiveBlocker(mailbox));
  } else if (hasMailboxLocation(mailbox, 'AuxPrimary')) {
    blockers.push({
      code: PREFLIGHT_CODES.auxPrimaryShard,
      message: `${capitalise(describeMailbox(mailbox))} cannot be recovered because it has additional shards (an auto-expanded archive); restore it into an existing mailbox instead.`,
    });
  }
  return blockers;
}

/**
 * "You can't recover or restore an inactive mailbox that's configured with an auto-expanding archive. If you need
 * to recover data from an inactive mailbox with an auto-expanding archive, use content search to export the data
 * from the mailbox and then import to another mailbox." — Microsoft Learn "Recover an inactive mailbox"
 * (https://learn.microsoft.com/purview/recover-an-inactive-mailbox, the note at the top) and "Restore an inactive
 * mailbox" (https://learn.microsoft.com/purview/restore-an-inactive-mailbox, same note); added by
 * MicrosoftDocs/microsoft-365-docs PR #1330 to "Learn about inactive mailboxes", section "Inactive mailboxes and
 * auto-expanding archives" (https://learn.microsoft.com/purview/inactive-mailboxes-in-office-365).
 * "Configured with" is read as Get-Mailbox AutoExpandingArchiveEnabled, or any AuxArchive shard in
 * MailboxLocations (the archive has already expanded). An organisation-wide Set-OrganizationConfig
 * -AutoExpandingArchive is not read here: pre-flight does not call Get-OrganizationConfig.
 */
function hasAutoExpandingArchive(mailbox: MailboxRecord): boolean {
  return mailbox.autoExpandingArchiveEnabled || hasMailboxLocation(mailbox, 'AuxArchive');
}

function autoExpandingArchiveBlocker(mailbox: MailboxRecord): ItemError {
  return {
    code: PREFLIGHT_CODES.autoExpandingArchive,
    message: `${capitalise(describeMailbox(mailbox))} has an auto-expanding archive, and Microsoft does not support recovering or restoring such a mailbox; to get its content back, export it with a content search in Microsoft Purview and import it into another mailbox.`,
  };
}

function operationIssues(
  item: Readonly<BulkOperationItem>,
  type: BulkOperationType,
  mailbox: MailboxRecord,
): ValidationIssue[] {
  const column = COLUMNS.source;
  const issues: ValidationIssue[] = [];
  if (type === 'recovery' || type === 'validate') {
    for (const blocker of recoveryBlockers(mailbox))
      issues.push(rowIssue(item, column, blocker.code, 'error', blocker.message));
  }
  if (type === 'restore' && hasAutoExpandingArchive(mailbox)) {
    const { code, message } = autoExpandingArchiveBlocker(mailbox);
    issues.push(rowIssue(item, column, code, 'error', message));
  }
  const holds = formatHolds(mailbox);
  if (holds !== '' && type !== 'export') {
    const effect =
      type === 'restore'
        ? 'they stay on the inactive mailbox after the restore'
        : 'recovery removes Litigation and In-Place holds and applies a 30-day retention hold instead';
    const message = `${capitalise(describeMailbox(mailbox))} is under these holds: ${holds} (${effect}).`;
    issues.push(rowIssue(item, column, PREFLIGHT_CODES.holdsPresent, 'warning', message));
  }
  return issues;
}

/**
 * An active mailbox is not something New-Mailbox -InactiveMailbox or New-MailboxRestoreRequest of an inactive
 * mailbox can take: both want an inactive one ("Recover an inactive mailbox" / "Restore an inactive mailbox",
 * https://learn.microsoft.com/purview/recover-an-inactive-mailbox and
 * https://learn.microsoft.com/purview/restore-an-inactive-mailbox). Say what the admin most likely meant instead.
 */
function activeMailboxMessage(source: string, mailbox: MailboxRecord): string {
  const who = mailbox.userPrincipalName || mailbox.primarySmtpAddress || mailbox.displayName;
  return `The source ${source} is the active mailbox of ${who}, not an inactive mailbox, so there is nothing to recover or restore from it; check the GUID against Get-Mailbox -InactiveMailboxOnly, or, to copy an inactive mailbox's content into ${who}, name it as the restore target instead.`;
}

function notFoundMessage(source: string, kind: string): string {
  switch (kind) {
    case 'guid':
      return `No inactive mailbox has the ExchangeGuid ${source}.`;
    case 'dn':
      return `No inactive mailbox has the DistinguishedName ${source}.`;
    case 'address':
      return `No inactive mailbox has the address ${source}.`;
    default:
      return `'${source}' is not the ExchangeGuid, DistinguishedName or address of an inactive mailbox.`;
  }
}
