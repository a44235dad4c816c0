/** The `action` of every audit entry the product writes. Renaming one breaks reports on old entries. */
export const AUDIT_ACTIONS = {
  /** details: file name, size, SHA-256, row count. */
  jobCreated: 'job.created',
  jobValidated: 'job.validated',
  jobApproved: 'job.approved',
  jobRejected: 'job.rejected',
  jobStarted: 'job.started',
  itemCompleted: 'item.completed',
  itemFailed: 'item.failed',
  itemSkipped: 'item.skipped',
  itemRetried: 'item.retried',
  jobCancelled: 'job.cancelled',
  jobResumed: 'job.resumed',
  /** details: the summary (totals, success rate, duration). */
  jobCompleted: 'job.completed',
} as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];
