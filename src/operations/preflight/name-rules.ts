import type { BulkOperationItem } from '../model.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { deriveMailboxName } from './derive-mailbox-name.ts';
import { COLUMNS } from './item-fields.ts';
import { PREFLIGHT_CODES, rowIssue } from './preflight-codes.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

/**
 * New-Mailbox -InactiveMailbox needs a Name unique within the organization, and the same page says the original
 * user ID may be reused: Microsoft Learn "Recover an inactive mailbox"
 * (https://learn.microsoft.com/purview/recover-an-inactive-mailbox), sections "Recover inactive mailboxes" and
 * "More information" ("What user ID can you use when recovering an inactive mailbox?"). The clash admins meet is
 * with an active object — a returning employee's re-synced account (MicrosoftDocs/microsoft-365-docs issue #2814)
 * — so only active mailboxes count and the inactive source never blocks being recovered under its own Name.
 * That another inactive mailbox's Name does not block either has no public source; assumption: inactive
 * mailboxes sit in "Soft Deleted Objects" and hold no Name among active recipients. Two rows of one file must
 * not derive the same Name either.
 */
export function checkMailboxNames(items: readonly BulkOperationItem[], snapshot: TenantSnapshot): ValidationIssue[] {
  const firstRowByName = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  for (const item of items) {
    const upn = item.targetIdentity?.trim();
    if (!upn) continue;
    const name = deriveMailboxName(upn);
    const key = name.toLowerCase();
    const holder = snapshot.activeByName.get(key);
    const earlierRow = firstRowByName.get(key);
    if (holder !== undefined) {
      const who = holder.userPrincipalName || holder.primarySmtpAddress || holder.exchangeGuid;
      const message = `The mailbox name '${name}' (the first part of ${upn}) is already used by the active mailbox '${holder.displayName || holder.name}' (${who}); choose a target UPN with a different first part.`;
      issues.push(rowIssue(item, COLUMNS.recoveryTarget, PREFLIGHT_CODES.nameInUse, 'error', message));
    } else if (earlierRow !== undefined) {
      const message = `The mailbox name '${name}' (the first part of ${upn}) is also the name row ${earlierRow} would create; give one of the two rows a UPN with a different first part.`;
      issues.push(rowIssue(item, COLUMNS.recoveryTarget, PREFLIGHT_CODES.nameInUse, 'error', message));
    } else {
      firstRowByName.set(key, item.rowNumber);
    }
  }
  return issues;
}
