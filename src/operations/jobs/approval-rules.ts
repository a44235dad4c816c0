/**
 * How many approvers a job needs, by risk, fixed when it is submitted. Validate and export read the tenant and
 * change nothing in it, so the policy may let them run on the requester's word; a large change may need two
 * distinct approvers. Both are settings (APPROVALS_READ_ONLY_WITHOUT_APPROVER, APPROVALS_REQUIRED_ABOVE_ROWS).
 */
import type { BulkOperationType } from '../model.ts';
import type { JobRecord } from './job-record.ts';

export interface ApprovalRules {
  /** `validate` and `export` jobs run without an approver. */
  readOnlyWithoutApprover: boolean;
  /** Jobs with more rows to run than this need two distinct approvers; null: one approver is always enough. */
  twoApproversAboveRows: number | null;
}

export const DEFAULT_APPROVAL_RULES: ApprovalRules = { readOnlyWithoutApprover: true, twoApproversAboveRows: null };

const READ_ONLY_TYPES: readonly BulkOperationType[] = ['validate', 'export'];

export function isReadOnlyType(type: BulkOperationType): boolean {
  return READ_ONLY_TYPES.includes(type);
}

export function requiredApprovalsFor(job: Pick<JobRecord, 'type' | 'rowCounts'>, rules: ApprovalRules): number {
  if (isReadOnlyType(job.type) && rules.readOnlyWithoutApprover) return 0;
  const above = rules.twoApproversAboveRows;
  return above !== null && job.rowCounts.ready > above ? 2 : 1;
}
