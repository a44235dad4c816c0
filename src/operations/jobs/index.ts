/**
 * The job model's public face: what the bot, the CLI and the stores may use. Files inside this folder import
 * each other directly; everything outside imports from here.
 */
export {
  approvalAuditEvent,
  approvalRefusedAuditEvent,
  auditEventForOutcome,
  ALREADY_DECIDED,
} from './approval-audit.ts';
export type { ApprovalAttempt } from './approval-audit.ts';
export { checkApprover, decideApproval, jobToStore } from './approval-policy.ts';
export type {
  ApprovalAction,
  ApprovalActor,
  ApprovalInput,
  ApprovalOutcome,
  ApprovalPolicy,
  ApprovalRefusal,
  ApprovalRefusalCode,
  ApproverVerdict,
} from './approval-policy.ts';
export { computeJobContentHash } from './job-content-hash.ts';
export {
  applyDecision,
  createJobRecord,
  DEFAULT_APPROVAL_TTL_MS,
  expireIfDue,
  isApprovalDue,
  itemsToRun,
  JobLifecycleError,
  markFinished,
  markRunning,
  submitJob,
  cancelBeforeRun,
  jobEndStateOf,
  allows,
  JOB_TRANSITIONS,
  withCardActivity,
} from './job-lifecycle.ts';
export type {
  CreateJobOptions,
  JobEndState,
  JobEventKind,
  JobLifecycleErrorCode,
  JobSource,
  Submission,
} from './job-lifecycle.ts';
export { applyJobEvent, expireDueJobs, JOB_TRANSITION_REFUSED } from './job-events.ts';
export type { JobEvent, JobEventDeps, JobEventOutcome, JobEventRefusalCode } from './job-events.ts';
export { DEFAULT_APPROVAL_RULES, isReadOnlyType, requiredApprovalsFor } from './approval-rules.ts';
export type { ApprovalRules } from './approval-rules.ts';
export {
  FINAL_JOB_STATES,
  isFinalJobState,
  isSamePerson,
  JOB_STATES,
  approversOf,
  personKey,
  receivesResults,
  toJobPerson,
  upgradeJobRecord,
  withApprovalRequestField,
} from './job-record.ts';
export type {
  ApprovalRequestRecord,
  JobConversation,
  JobDecision,
  JobListQuery,
  JobPerson,
  JobRecord,
  JobRowCounts,
  JobState,
  JobStore,
  PersonIds,
} from './job-record.ts';
export { planJobRecovery, ROWS_LOST, rowsLostAuditEvent } from './job-recovery.ts';
export type { JobRecovery } from './job-recovery.ts';
export { CLI_REQUESTER_PREFIX, isCommandLineJob, isInterruptedJob, recoverJobs } from './recover-jobs.ts';
export type { RecoveredJobs, RecoverJobsPorts } from './recover-jobs.ts';
export { createCommandLineJob } from './command-line-job.ts';
export { hashReadyRows, prepareJob } from './prepare-job.ts';
export type { JobFile, PreparedJob, PrepareJobDeps, PrepareJobOptions, PrepareProgress } from './prepare-job.ts';
export { recordApproval } from './record-approval.ts';
export type { RecordApprovalDeps, RecordApprovalInput } from './record-approval.ts';
export { DEFAULT_RESTORE_CONCURRENT_ROWS, runConfigFor } from './run-config.ts';
