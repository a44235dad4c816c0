/** Tenant pre-flight: one snapshot of the tenant per file, then a pure verdict for every row. */
export { buildTenantSnapshot, indexInactiveMailboxes, LOOKUP_CHUNK_ROWS } from './tenant-snapshot.ts';
export type { SnapshotDeps, SnapshotOptions, SnapshotProgress, TenantSnapshot } from './tenant-snapshot.ts';
export { runPreflight } from './run-preflight.ts';
export type { PreflightOptions } from './run-preflight.ts';
export { createSnapshotCache } from './snapshot-cache.ts';
export type { SnapshotCache } from './snapshot-cache.ts';
export { describeHolds, formatHolds } from './describe-holds.ts';
export { deriveMailboxName } from './derive-mailbox-name.ts';
export { PREFLIGHT_CODES } from './preflight-codes.ts';
export { recoveryBlockers } from './source-rules.ts';
export { FINISHED_RESTORE_STATUSES } from './restore-target-rules.ts';
export { COLUMNS } from './item-fields.ts';
