/** The item executors the bulk engine runs, one per operation type. */
export { createRecoveryExecutor, USER_NOT_VISIBLE, TARGET_UPN_MISSING } from './recovery-executor.ts';
export type { RecoveryDeps, RecoverySettings } from './recovery-executor.ts';
export type { TemporaryAccessPassDelivery } from './recovery-access-steps.ts';
export { LICENSE_SKU_NOT_FOUND, TEMPORARY_ACCESS_PASS_EXISTS } from './recovery-access-steps.ts';
export { RECOVERY_IN_DOUBT } from './recovery-mailbox-step.ts';
export { createRestoreExecutor } from './restore-executor.ts';
export type { RestoreDeps, RestoreSettings } from './restore-executor.ts';
export { restoreRequestName } from './restore-submit.ts';
export { RESTORE_FAILED, RESTORE_FAILED_ALL_ITEMS_COPIED } from './restore-tracking.ts';
export { createValidateExecutor } from './validate-executor.ts';
export type { ValidateDeps } from './validate-executor.ts';
export { createExportExecutor, expandExportItems } from './export-executor.ts';
export type { ExportDeps } from './export-executor.ts';
export { generatePassword } from './generate-password.ts';
export { toFailedOutcome } from './tenant-failure.ts';
