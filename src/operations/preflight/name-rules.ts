import type { BulkOperationItem } from '../model.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { deriveMailboxName } from './derive-mailbox-name.ts';
import { COLUMNS } from './item-fields.ts';
import { PREFLIGHT_CODES, rowIssue } from './preflight-codes.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

/**
 * New-Mailbox refuses a Name any mailbox already has — the inactive source's own Name included, which is
 * what trips returning employees — and two rows of one file must not derive the same Name either.
 */
export function checkMailboxNames(items: readonly BulkOperationItem[], snapshot: TenantSnapshot): ValidationIssue[] {
  const taken = new Map<string, string>();
  for (const mailbox of snapshot.inactiveByGuid.values()) {
    if (mailbox.name) taken.set(mailbox.name.toLowerCase(), mailbox.displayName || mailbox.exchangeGuid);
  }
  const firstRowByName = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  for (const item of items) {
    const upn = item.targetIdentity?.trim();
    if (!upn) continue;
    const name = deriveMailboxName(upn);
    const key = name.toLowerCase();
    const holder = taken.get(key);
    const earlierRow = firstRowByName.get(key);
    if (holder !== undefined) {
      const message = `The mailbox name '${name}' (the first part of ${upn}) is already used by the inactive mailbox '${holder}'; choose a target UPN with a different first part.`;
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
