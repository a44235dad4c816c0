import type { BulkOperationItem, BulkOperationType } from '../model.ts';
import { blockedRows, type ValidationIssue } from '../validation-issue.ts';
import { checkLicences } from './license-rules.ts';
import { checkMailboxNames } from './name-rules.ts';
import { checkRecoveryTarget } from './recovery-target-rules.ts';
import { checkRestoreTarget } from './restore-target-rules.ts';
import { checkSource } from './source-rules.ts';
import { checkTemporaryAccessPassPolicy } from './tap-policy-rules.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

export interface PreflightOptions {
  /** Restore into a directory-synced target with AllowLegacyDNMismatch (a warning) instead of refusing it. */
  allowSyncedTargetX500?: boolean;
  /** The SKU part number given to recovered users whose row has no `license_sku`. */
  defaultLicenseSku?: string;
  /** A recovery row that would leave the user unlicensed is an error. @default false */
  requireLicense?: boolean;
  /** Given to recovered users whose row has no `usage_location`; Graph licenses only users that have one. */
  defaultUsageLocation?: string;
  /** Recovered users get a Temporary Access Pass: the tenant's TAP policy must allow it. @default false */
  issueTemporaryAccessPass?: boolean;
}

/**
 * Every row's verdict against one snapshot, pure and synchronous. Validate files are checked for recovery
 * eligibility (the target checks run where the row names a target); export rows only need their source.
 * Issues come back ordered by row, each row's in the order the checks ran.
 */
export function runPreflight(
  items: readonly BulkOperationItem[],
  type: BulkOperationType,
  snapshot: TenantSnapshot,
  options: PreflightOptions = {},
): ValidationIssue[] {
  const rows = [...items].sort((a, b) => a.rowNumber - b.rowNumber);
  const recovering = type === 'recovery' || type === 'validate';
  const issues: ValidationIssue[] = [];
  for (const item of rows) {
    const source = checkSource(item, type, snapshot);
    issues.push(...source.issues);
    if (recovering) issues.push(...checkRecoveryTarget(item, snapshot, source.mailbox));
    if (type === 'restore') issues.push(...checkRestoreTarget(item, source.mailbox, snapshot, options));
  }
  if (type === 'recovery' && options.issueTemporaryAccessPass && snapshot.temporaryAccessPassPolicy) {
    issues.push(...checkTemporaryAccessPassPolicy(snapshot.temporaryAccessPassPolicy));
  }
  if (recovering) {
    issues.push(...checkMailboxNames(rows, snapshot));
    issues.push(...checkLicences(rows, snapshot.skus, blockedRows(issues), options));
  }
  return issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}
